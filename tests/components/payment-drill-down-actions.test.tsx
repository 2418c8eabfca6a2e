/** @jest-environment jsdom */
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { PaymentDrillDownActions } from "@/components/payment-balancing/PaymentDrillDownActions";
import type { AppliedLines } from "@/lib/posting/apply-unapplied";
import type { ActionResult } from "@/lib/posting/errors";
import type { OpenCharge, PatientMatch } from "@/lib/posting/lookup";
import type { VoidedPayment } from "@/lib/posting/payments";

const refresh = jest.fn();
jest.mock("next/navigation", () => ({ useRouter: () => ({ refresh }) }));

const charges: OpenCharge[] = [
  { chargeId: 101, patientId: 7, dateOfService: "2026-02-20", cptCode: "97110", modifiers: "GP", units: 1, billedCents: 10400, openCents: 10400, locationCode: "MESA" },
  { chargeId: 102, patientId: 7, dateOfService: "2026-02-27", cptCode: "97140", modifiers: null, units: 1, billedCents: 9600, openCents: 1500, locationCode: "MESA" },
];
const ana: PatientMatch = { patientId: 7, mrn: "100234", firstName: "Ana", lastName: "García", dateOfBirth: "1984-03-02", openChargeCount: 2 };
const applied: AppliedLines = {
  paymentId: 41,
  batchNumber: "EMR-MESA-20260302",
  amountCents: 2500,
  appliedCents: 2500,
  unappliedCents: 0,
  addedLineCount: 2,
  addedCents: 2500,
  lineCount: 2,
};
const voided: VoidedPayment = {
  voidedPaymentId: 41,
  reversalPaymentId: 56,
  batchNumber: "B-9",
  amountCents: -2500,
  depositDate: "2026-03-02",
  postedAt: "2026-03-05T17:00:00.000Z",
  reason: "Keyed twice",
};

function renderActions(overrides: Partial<Parameters<typeof PaymentDrillDownActions>[0]> = {}) {
  const props = {
    paymentId: 41,
    amountCents: 2500,
    unappliedCents: 2500,
    payingPatientId: 7 as number | null,
    timezone: "America/Phoenix",
    actions: { voided: null, mayVoid: true, mayApply: true },
    voidPayment: jest.fn(async (): Promise<ActionResult<VoidedPayment>> => ({ ok: true, value: voided })),
    apply: jest.fn(async (): Promise<ActionResult<AppliedLines>> => ({ ok: true, value: applied })),
    searchPatients: jest.fn(async (): Promise<ActionResult<PatientMatch[]>> => ({ ok: true, value: [ana] })),
    openCharges: jest.fn(async (): Promise<ActionResult<OpenCharge[]>> => ({ ok: true, value: charges })),
    ...overrides,
  };
  render(<PaymentDrillDownActions {...props} />);
  return props;
}

beforeEach(() => refresh.mockClear());

describe("the payment drill-down's actions", () => {
  it("applies unapplied money to the paying patient's charges from the keyboard, as new lines", async () => {
    const user = userEvent.setup();
    const props = renderActions();
    await user.tab();
    expect(screen.getByRole("button", { name: "Apply unapplied money" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(props.openCharges).toHaveBeenCalledWith(7);
    const first = await screen.findByRole("textbox", { name: "Apply to 97110 on 2/20/2026" });
    await user.click(first);
    await user.keyboard("10.00");
    await user.tab();
    await user.keyboard("15.01");
    expect(screen.getByText("Applying $25.01 of $25.00 unapplied.")).toHaveClass("out-of-balance");
    await user.keyboard("{Backspace}{Backspace}00");
    expect(screen.getByText("Applying $25.00 of $25.00 unapplied.")).not.toHaveClass("out-of-balance");
    await user.keyboard("{Enter}");
    expect(props.apply).toHaveBeenCalledWith(
      41,
      { lines: [{ chargeId: 101, paid: "10.00" }, { chargeId: 102, paid: "15.00" }] },
      expect.any(String),
    );
    expect(await screen.findByText("Applied $25.00 on 2 lines: $0.00 of payment 41 is still unapplied.")).toBeInTheDocument();
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("says what the server refused, and asks for an amount before sending nothing", async () => {
    const user = userEvent.setup();
    const props = renderActions({
      apply: jest.fn(async (): Promise<ActionResult<AppliedLines>> => ({
        ok: false,
        error: "Batch EMR-MESA-20260302 is closed: the money of its payments cannot be applied while it is closed. Ask a Billing Admin to reopen it.",
        field: "batchNumber",
      })),
    });
    await user.click(screen.getByRole("button", { name: "Apply unapplied money" }));
    await screen.findByRole("textbox", { name: "Apply to 97110 on 2/20/2026" });
    await user.click(screen.getByRole("button", { name: "Apply to charges" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Type the amount to apply beside at least one charge.");
    expect(props.apply).not.toHaveBeenCalled();
    await user.type(screen.getByRole("textbox", { name: "Apply to 97140 on 2/27/2026" }), "5{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("Batch EMR-MESA-20260302 is closed");
    expect(refresh).not.toHaveBeenCalled();
  });

  it("picks the patient first for a payer's check", async () => {
    const user = userEvent.setup();
    const props = renderActions({ payingPatientId: null });
    await user.click(screen.getByRole("button", { name: "Apply unapplied money" }));
    expect(props.openCharges).not.toHaveBeenCalled();
    await user.type(screen.getByRole("combobox", { name: /^Patient/ }), "garc");
    expect(await screen.findByRole("option", { name: "García, Ana · MRN 100234 · DOB 3/2/1984 · 2 open charges" })).toBeInTheDocument();
    await user.keyboard("{Enter}");
    expect(props.openCharges).toHaveBeenCalledWith(7);
    expect(await screen.findByRole("textbox", { name: "Apply to 97110 on 2/20/2026" })).toBeInTheDocument();
  });

  it("voids with a required reason, and Escape puts the buttons back", async () => {
    const user = userEvent.setup();
    const props = renderActions();
    await user.click(screen.getByRole("button", { name: "Void payment…" }));
    const reason = screen.getByRole("textbox", { name: "Why is payment 41 ($25.00) voided?" });
    expect(reason).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("textbox")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Void payment…" }));
    await user.keyboard("Keyed twice{Enter}");
    expect(props.voidPayment).toHaveBeenCalledWith(41, "Keyed twice", expect.any(String));
    expect(await screen.findByText("Voided payment 41: reversal 56 of -$25.00 posted in batch B-9.")).toBeInTheDocument();
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("offers nothing to a viewer who may neither void nor apply, and shows a void", () => {
    renderActions({
      actions: { voided: { reversalPaymentId: 56, postedAt: "2026-03-05T17:00:00.000Z", reason: "Keyed twice" }, mayVoid: false, mayApply: false },
    });
    expect(screen.queryByRole("button")).toBeNull();
    expect(screen.getByText("Voided 3/5/2026 10:00 AM (reversal 56): Keyed twice")).toBeInTheDocument();
  });
});
