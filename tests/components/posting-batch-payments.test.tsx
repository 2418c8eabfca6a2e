/** @jest-environment jsdom */
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { BatchPayments } from "@/components/posting/BatchPayments";
import type { BatchPayment, VoidedPayment } from "@/lib/posting/payments";

const check: BatchPayment = {
  paymentId: 41,
  payerName: "Aetna",
  patientName: null,
  patientMrn: null,
  method: "check",
  referenceNumber: "5001",
  amountCents: 12500,
  appliedCents: 8000,
  unappliedCents: 4500,
  lineCount: 1,
  depositDate: "2026-03-02",
  postedAt: "2026-03-02T16:00:00.000Z",
  reversesPaymentId: null,
  note: null,
  voidedBy: null,
};
const voidedCash: BatchPayment = {
  ...check,
  paymentId: 40,
  payerName: null,
  patientName: "García, Ana",
  method: "cash",
  referenceNumber: null,
  amountCents: 3000,
  appliedCents: 0,
  unappliedCents: 3000,
  voidedBy: { reversalPaymentId: 55, postedAt: "2026-03-04T17:30:00.000Z", reason: "Keyed twice" },
};
const voided: VoidedPayment = {
  voidedPaymentId: 41,
  reversalPaymentId: 56,
  batchNumber: "VOID-20260305-2",
  amountCents: -12500,
  depositDate: "2026-03-05",
  postedAt: "2026-03-05T17:00:00.000Z",
  reason: "Check returned by the bank",
};

describe("BatchPayments", () => {
  it("voids a payment after asking why, from the keyboard", async () => {
    const voidPayment = jest.fn().mockResolvedValue({ ok: true, value: voided });
    const onVoided = jest.fn();
    const user = userEvent.setup();
    render(<BatchPayments payments={[check, voidedCash]} timezone="America/Phoenix" voidPayment={voidPayment} onVoided={onVoided} />);

    const voidedRow = screen.getByRole("row", { name: "Payment 40" });
    expect(within(voidedRow).getByText("Voided 3/4/2026 10:30 AM")).toBeInTheDocument();
    expect(within(voidedRow).queryByRole("button")).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Void payment 41" }));
    const reason = screen.getByRole("textbox", { name: "Why is payment 41 ($125.00) voided?" });
    expect(reason).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(screen.getByRole("alert")).toHaveTextContent("Say why the payment is voided.");
    expect(voidPayment).not.toHaveBeenCalled();

    await user.keyboard("Check returned by the bank{Enter}");
    expect(await screen.findByRole("status")).toHaveTextContent(
      "Voided payment 41: reversal 56 of -$125.00 posted in batch VOID-20260305-2.",
    );
    expect(voidPayment).toHaveBeenCalledWith(41, "Check returned by the bank", expect.any(String));
    expect(onVoided).toHaveBeenCalledWith(voided);
  });

  it("shows the server's refusal and lets Esc cancel", async () => {
    const voidPayment = jest.fn().mockResolvedValue({ ok: false, error: "Payment 41 was already voided.", field: "paymentId" });
    const user = userEvent.setup();
    render(<BatchPayments payments={[check]} timezone="America/Phoenix" voidPayment={voidPayment} />);
    await user.click(screen.getByRole("button", { name: "Void payment 41" }));
    await user.keyboard("Duplicate{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("Payment 41 was already voided.");
    await user.keyboard("{Escape}");
    expect(screen.getByRole("button", { name: "Void payment 41" })).toBeInTheDocument();
  });

  it("offers no Void in a void batch", () => {
    render(<BatchPayments payments={[{ ...check, paymentId: 56, amountCents: -12500, reversesPaymentId: 41, note: "Bounced" }]} timezone="America/Phoenix" />);
    expect(screen.getByText("Void of payment 41")).toBeInTheDocument();
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });

  it("links a payment with money unapplied to its drill-down to apply it, not a voided one nor a fully applied one", () => {
    const applied = { ...check, paymentId: 42, appliedCents: 12500, unappliedCents: 0 };
    render(<BatchPayments payments={[check, voidedCash, applied]} timezone="America/Phoenix" applyPath="/payments/balancing/payments" />);
    expect(screen.getByRole("link", { name: "Apply the unapplied money of payment 41" })).toHaveAttribute("href", "/payments/balancing/payments/41");
    expect(screen.getAllByRole("link")).toHaveLength(1);
  });
});
