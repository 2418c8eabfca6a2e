/** @jest-environment jsdom */
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { PaymentEntryForm, type EntryBatch, type PaymentEntryActions } from "@/components/posting/PaymentEntryForm";
import type { EarlierPayment } from "@/lib/posting/duplicates";
import type { ActionResult } from "@/lib/posting/errors";
import type { OpenCharge, PatientMatch } from "@/lib/posting/lookup";
import type { PostedPayment } from "@/lib/posting/payments";

const ana: PatientMatch = { patientId: 7, mrn: "100234", firstName: "Ana", lastName: "García", dateOfBirth: "1984-03-02", openChargeCount: 2 };
const charges: OpenCharge[] = [
  { chargeId: 101, patientId: 7, dateOfService: "2026-02-20", cptCode: "97110", modifiers: "GP", units: 2, billedCents: 10400, openCents: 10400, locationCode: "MESA" },
  { chargeId: 102, patientId: 7, dateOfService: "2026-02-20", cptCode: "97140", modifiers: null, units: 1, billedCents: 9600, openCents: 9600, locationCode: "MESA" },
];
const batch: EntryBatch = { batchNumber: "B-1", depositDate: "2026-03-02", controlTotalCents: 50000, postedTotalCents: 20000 };
const posted: PostedPayment = {
  paymentId: 900,
  batchNumber: "B-1",
  amountCents: 12500,
  appliedCents: 12500,
  unappliedCents: 0,
  depositDate: "2026-03-02",
  postedAt: "2026-03-02T16:00:00.000Z",
  lineCount: 2,
};

function setup(overrides: Partial<PaymentEntryActions> & { batch?: EntryBatch } = {}) {
  const actions = {
    searchPatients: jest.fn(async (): Promise<ActionResult<PatientMatch[]>> => ({ ok: true, value: [ana] })),
    openCharges: jest.fn(async (): Promise<ActionResult<OpenCharge[]>> => ({ ok: true, value: charges })),
    postPayment: jest.fn(async (): Promise<ActionResult<PostedPayment>> => ({ ok: true, value: posted })),
    ...overrides,
  };
  const onPosted = jest.fn();
  render(
    <PaymentEntryForm
      batch={overrides.batch ?? batch}
      payers={[{ payerId: 3, name: "Aetna", payerType: "commercial" }]}
      today="2026-03-05"
      onPosted={onPosted}
      {...actions}
    />,
  );
  return { actions, onPosted, user: userEvent.setup() };
}

/** The figure shown under a label in the running totals. */
const figure = (label: string) => screen.getByRole("definition", { name: label }).textContent;

async function pickAna(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole("combobox", { name: /^Patient/ }));
  await user.keyboard("1002");
  await screen.findByRole("option", { name: /García, Ana/ });
  await user.keyboard("{Enter}");
  await waitFor(() => expect(screen.getByRole("textbox", { name: "Paid" })).toHaveFocus());
}

describe("PaymentEntryForm running totals", () => {
  it("shows the payment's unapplied amount and the batch against its control total as the poster types", async () => {
    const { user } = setup();
    expect(screen.getByRole("combobox", { name: /Payer/ })).toHaveFocus();
    expect(figure("Control total")).toBe("$500.00");
    expect(figure("Posted in batch")).toBe("$200.00");

    await user.selectOptions(screen.getByRole("combobox", { name: /Payer/ }), "Aetna");
    await user.type(screen.getByRole("textbox", { name: "Reference no." }), "1001");
    await user.type(screen.getByRole("textbox", { name: "Amount" }), "125.00");
    expect(figure("Payment amount")).toBe("$125.00");
    expect(figure("Unapplied")).toBe("$125.00");
    expect(figure("With this payment")).toBe("$325.00");
    expect(figure("Difference")).toBe("$175.00");
    expect(screen.getByText("$175.00 left to post to reach the control total")).toBeInTheDocument();

    await pickAna(user);
    // The line being keyed counts before it is added.
    await user.keyboard("80");
    expect(figure("Applied")).toBe("$80.00");
    expect(figure("Unapplied")).toBe("$45.00");
    await user.tab();
    await user.keyboard("24");
    await user.tab();
    await user.keyboard("co-45{Enter}");
    expect(within(screen.getByRole("row", { name: "Line 1" })).getByText("$80.00")).toBeInTheDocument();
    // Enter added the line and moved to the next open charge's Paid box.
    await waitFor(() => expect(screen.getByRole("textbox", { name: "Paid" })).toHaveFocus());
    expect(screen.getByRole("combobox", { name: "Charge" })).toHaveValue("102");
    await user.keyboard("45.00");
    expect(figure("Applied")).toBe("$125.00");
    expect(figure("Unapplied")).toBe("$0.00");

    await user.clear(screen.getByRole("textbox", { name: "Amount" }));
    await user.type(screen.getByRole("textbox", { name: "Amount" }), "300.00");
    expect(figure("With this payment")).toBe("$500.00");
    expect(figure("Difference")).toBe("$0.00");
    expect(screen.getByText("Batch balanced with this payment")).toBeInTheDocument();

    await user.clear(screen.getByRole("textbox", { name: "Amount" }));
    await user.type(screen.getByRole("textbox", { name: "Amount" }), "12.3.4");
    expect(figure("Payment amount")).toBe("?");
    expect(figure("Unapplied")).toBe("?");
  });

  it("shows no difference for a batch without a control total", () => {
    setup({ batch: { ...batch, controlTotalCents: null } });
    expect(figure("Control total")).toBe("none");
    expect(screen.queryByRole("definition", { name: "Difference" })).not.toBeInTheDocument();
  });
});

describe("PaymentEntryForm keyboard posting", () => {
  it("moves on with Enter, posts with Ctrl+Enter including the line being keyed, then starts the next payment", async () => {
    const { user, actions, onPosted } = setup();
    await user.keyboard("{Enter}");
    expect(screen.getByRole("combobox", { name: /^Method/ })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(screen.getByRole("textbox", { name: "Reference no." })).toHaveFocus();
    await user.selectOptions(screen.getByRole("combobox", { name: /Payer/ }), "Aetna");
    await user.type(screen.getByRole("textbox", { name: "Reference no." }), "1001{Enter}");
    expect(screen.getByRole("textbox", { name: "Amount" })).toHaveFocus();
    await user.keyboard("125.00");
    await pickAna(user);
    await user.keyboard("80{Tab}20{Tab}CO-45{Tab}4{Enter}");
    await waitFor(() => expect(screen.getByRole("textbox", { name: "Paid" })).toHaveFocus());
    await user.keyboard("45{Tab}51{Tab}CO-45{Control>}{Enter}{/Control}");

    await screen.findByText("Posted payment 900: $125.00, applied $125.00, unapplied $0.00.");
    expect(actions.postPayment).toHaveBeenCalledTimes(1);
    const [batchNumber, input, key] = (actions.postPayment as jest.Mock).mock.calls[0] as unknown as [string, unknown, string];
    expect(batchNumber).toBe("B-1");
    expect(input).toEqual({
      payerId: 3,
      patientId: null,
      method: "check",
      referenceNumber: "1001",
      amount: "125.00",
      lines: [
        { chargeId: 101, paid: "80", adjustment: "20", adjustmentReason: "CO-45", patientResp: "4" },
        { chargeId: 102, paid: "45", adjustment: "51", adjustmentReason: "CO-45", patientResp: "" },
      ],
    });
    expect(key).toEqual(expect.any(String));
    expect(onPosted).toHaveBeenCalledWith(posted);
    // The next payment keeps the payer (the next check line is usually the same payer's) and
    // clears the rest, with the cursor on the reference number.
    expect(screen.getByRole("combobox", { name: /Payer/ })).toHaveValue("3");
    expect(screen.getByRole("textbox", { name: "Reference no." })).toHaveFocus();
    expect(screen.getByRole("textbox", { name: "Reference no." })).toHaveValue("");
    expect(screen.getByRole("combobox", { name: /^Method/ })).toHaveValue("check");
    expect(screen.getByRole("textbox", { name: "Amount" })).toHaveValue("");
    expect(screen.getByRole("combobox", { name: /^Patient/ })).toHaveValue("");
    expect(screen.queryByRole("row", { name: "Line 1" })).not.toBeInTheDocument();
  });

  it("keeps the same Idempotency-Key when a refused payment is posted again, and shows the server's message", async () => {
    const postPayment = jest
      .fn()
      .mockResolvedValueOnce({ ok: false, error: "Enter the check number.", field: "referenceNumber" })
      .mockResolvedValueOnce({ ok: true, value: posted });
    const { user } = setup({ postPayment });
    await user.selectOptions(screen.getByRole("combobox", { name: /Payer/ }), "Aetna");
    await user.type(screen.getByRole("textbox", { name: "Reference no." }), "1001");
    await user.type(screen.getByRole("textbox", { name: "Amount" }), "10.00{Control>}{Enter}{/Control}");
    expect(await screen.findByRole("alert")).toHaveTextContent("Enter the check number.");
    expect(screen.getByRole("textbox", { name: "Reference no." })).toHaveFocus();
    await user.click(screen.getByRole("button", { name: "Post payment" }));
    await screen.findByText(/Posted payment 900/);
    expect(postPayment.mock.calls[1][2]).toBe(postPayment.mock.calls[0][2]);
  });

  it("refuses a line that applies more than the charge has open, before it reaches the server", async () => {
    const { user, actions } = setup();
    await user.selectOptions(screen.getByRole("combobox", { name: /Payer/ }), "Aetna");
    await user.type(screen.getByRole("textbox", { name: "Amount" }), "200.00");
    await pickAna(user);
    await user.keyboard("100{Tab}10{Tab}CO-45{Enter}");
    expect(screen.getByRole("alert")).toHaveTextContent("This line applies $110.00, but the charge has only $104.00 open.");
    expect(screen.queryByRole("row", { name: "Line 1" })).not.toBeInTheDocument();
    await user.keyboard("{Control>}{Enter}{/Control}");
    expect(screen.getByRole("alert")).toHaveTextContent("This line applies $110.00");
    expect(actions.postPayment).not.toHaveBeenCalled();
  });
});

describe("PaymentEntryForm deposit date and the next payment (issue 24)", () => {
  it("has no deposit-date field: it shows the batch's and posts without one", async () => {
    const { user, actions } = setup();
    expect(screen.queryByLabelText(/Deposit date/)).not.toBeInTheDocument();
    expect(screen.getByText("Deposit date 3/2/2026, the batch's")).toBeInTheDocument();
    await user.selectOptions(screen.getByRole("combobox", { name: /Payer/ }), "Aetna");
    await user.type(screen.getByRole("textbox", { name: "Reference no." }), "2001");
    await user.type(screen.getByRole("textbox", { name: "Amount" }), "10.00{Control>}{Enter}{/Control}");
    await screen.findByText(/Posted payment 900/);
    const input = (actions.postPayment as jest.Mock).mock.calls[0][1] as Record<string, unknown>;
    expect(input).not.toHaveProperty("depositDate");
  });

  it("keeps the payer for the next check line, so a second check of the payer needs only its number and amount", async () => {
    const { user, actions } = setup();
    await user.selectOptions(screen.getByRole("combobox", { name: /Payer/ }), "Aetna");
    await user.selectOptions(screen.getByRole("combobox", { name: /^Method/ }), "eft");
    await user.type(screen.getByRole("textbox", { name: "Reference no." }), "EFT-1");
    await user.type(screen.getByRole("textbox", { name: "Amount" }), "10.00{Control>}{Enter}{/Control}");
    await screen.findByText(/Posted payment 900/);
    expect(screen.getByRole("textbox", { name: "Reference no." })).toHaveFocus();
    await user.keyboard("2002{Enter}");
    await user.keyboard("20.00{Control>}{Enter}{/Control}");
    await waitFor(() => expect(actions.postPayment).toHaveBeenCalledTimes(2));
    const calls = (actions.postPayment as jest.Mock).mock.calls as unknown as [string, Record<string, unknown>, string][];
    expect(calls[0]![1]).toMatchObject({ payerId: 3, method: "eft", referenceNumber: "EFT-1", amount: "10.00" });
    expect(calls[1]![1]).toEqual({ payerId: 3, patientId: null, method: "check", referenceNumber: "2002", amount: "20.00", lines: [] });
    expect(calls[1]![2]).not.toBe(calls[0]![2]);
  });

  it("starts the next payment on the payer when the last one was a patient payment", async () => {
    const { user } = setup();
    await user.selectOptions(screen.getByRole("combobox", { name: /^Method/ }), "cash");
    await user.type(screen.getByRole("textbox", { name: "Amount" }), "30.00");
    await pickAna(user);
    await user.keyboard("30{Control>}{Enter}{/Control}");
    await screen.findByText(/Posted payment 900/);
    expect(screen.getByRole("combobox", { name: /Payer/ })).toHaveValue("");
    expect(screen.getByRole("combobox", { name: /Payer/ })).toHaveFocus();
    expect(screen.getByRole("combobox", { name: /^Method/ })).toHaveValue("check");
  });
});

describe("PaymentEntryForm duplicate warning (issue 24)", () => {
  const earlier: EarlierPayment = {
    paymentId: 612,
    batchNumber: "B-0",
    payerName: "Aetna",
    patientName: null,
    referenceNumber: "1001",
    amountCents: 1000,
    depositDate: "2026-02-27",
    postedAt: "2026-02-27T17:05:00.000Z",
    postedByName: "Sam Poster",
    batchHref: "/payments/balancing?by=posting&from=2026-02-27&to=2026-02-27&batch=B-0",
    paymentHref: null,
  };

  async function keyCheck(user: ReturnType<typeof userEvent.setup>) {
    await user.selectOptions(screen.getByRole("combobox", { name: /Payer/ }), "Aetna");
    await user.type(screen.getByRole("textbox", { name: "Reference no." }), "1001");
    await user.type(screen.getByRole("textbox", { name: "Amount" }), "10.00{Control>}{Enter}{/Control}");
  }

  it("shows the earlier payment with a link to its batch, and posts only after Post anyway", async () => {
    const findDuplicates = jest.fn(async (): Promise<ActionResult<EarlierPayment[]>> => ({ ok: true, value: [earlier] }));
    const { user, actions } = setup({ findDuplicates });
    await keyCheck(user);
    const warning = await screen.findByRole("alertdialog");
    expect(warning).toHaveTextContent(
      "A payment like this one was posted in the last 90 days (same payer, reference number and amount):",
    );
    expect(warning).toHaveTextContent("Payment 612: Aetna · ref 1001 · $10.00 · deposit 2/27/2026 · posted");
    expect(warning).toHaveTextContent("by Sam Poster in batch B-0");
    expect(within(warning).getByRole("link", { name: "batch B-0" })).toHaveAttribute("href", earlier.batchHref);
    expect(findDuplicates).toHaveBeenCalledWith({
      payerId: 3,
      patientId: null,
      method: "check",
      referenceNumber: "1001",
      amount: "10.00",
      lines: [],
    });
    expect(actions.postPayment).not.toHaveBeenCalled();
    await waitFor(() => expect(within(warning).getByRole("button", { name: "Post anyway" })).toHaveFocus());
    await user.keyboard("{Enter}");
    await screen.findByText(/Posted payment 900/);
    expect(actions.postPayment).toHaveBeenCalledTimes(1);
    expect(findDuplicates).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
  });

  it("Cancel posts nothing and keeps the payment as keyed, to correct it", async () => {
    const findDuplicates = jest
      .fn()
      .mockResolvedValueOnce({ ok: true, value: [earlier] })
      .mockResolvedValueOnce({ ok: true, value: [] });
    const { user, actions } = setup({ findDuplicates });
    await keyCheck(user);
    const warning = await screen.findByRole("alertdialog");
    await user.click(within(warning).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(actions.postPayment).not.toHaveBeenCalled();
    expect(screen.getByRole("textbox", { name: "Reference no." })).toHaveFocus();
    expect(screen.getByRole("textbox", { name: "Amount" })).toHaveValue("10.00");
    // Corrected, it is checked again and posts when nothing like it was posted.
    await user.clear(screen.getByRole("textbox", { name: "Reference no." }));
    await user.type(screen.getByRole("textbox", { name: "Reference no." }), "1011{Control>}{Enter}{/Control}");
    await screen.findByText(/Posted payment 900/);
    expect(findDuplicates).toHaveBeenCalledTimes(2);
    expect((actions.postPayment as jest.Mock).mock.calls[0][1]).toMatchObject({ referenceNumber: "1011" });
  });

  it("posts at once when nothing like it was posted", async () => {
    const findDuplicates = jest.fn(async (): Promise<ActionResult<EarlierPayment[]>> => ({ ok: true, value: [] }));
    const { user, actions } = setup({ findDuplicates });
    await keyCheck(user);
    await screen.findByText(/Posted payment 900/);
    expect(actions.postPayment).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
  });
});
