/** @jest-environment jsdom */
import { fireEvent, render, screen } from "@testing-library/react";
import { BalancingGlance } from "@/components/payment-balancing/BalancingGlance";
import type { BalancingGlanceRow } from "@/lib/reports/payment-balancing/columns";

jest.mock("next/navigation", () => ({
  useRouter: () => ({ push: jest.fn() }),
  usePathname: () => "/payments/balancing",
  useSearchParams: () => new URLSearchParams("from=2026-03-01&to=2026-03-31&open=7&page=2"),
}));

const line = (kind: BalancingGlanceRow["kind"], key: string, unbalancedBatches: number): BalancingGlanceRow => ({
  kind,
  key,
  label: key,
  paymentCount: 1,
  postedCents: 1000,
  unappliedCents: 0,
  controlTotalCents: 1000,
  differenceCents: 0,
  unbalancedBatches,
});

describe("Balancing at a glance", () => {
  it("counts every batch that does not balance, and says when only the first batches are listed", () => {
    const glance = {
      rows: [line("batch", "B1", 1), line("batch", "B2", 1), line("poster", "7", 2), line("day", "2026-03-02", 0)],
      batchCount: 6340,
      batchesNotBalanced: 2434,
    };
    render(<BalancingGlance glance={glance} by="deposit" />);
    expect(screen.getByRole("tab", { name: /Per batch/ }).textContent).toBe("Per batch · 2,434 need attention");
    expect(screen.getByRole("tab", { name: /Per poster/ }).textContent).toBe("Per poster · 1 need attention");
    expect(screen.queryByRole("note")).toBeNull();

    fireEvent.click(screen.getByRole("tab", { name: /Per batch/ }));
    expect(screen.getByRole("note").textContent).toBe(
      "The first 2 of 6,340 batches, those that do not balance first. Group the report by batch to see every batch.",
    );
    expect(screen.getByRole("link", { name: "Group the report by batch" }).getAttribute("href")).toBe(
      "/payments/balancing?from=2026-03-01&to=2026-03-31&group=batch",
    );
  });

  it("says nothing more when every batch is listed", () => {
    render(<BalancingGlance glance={{ rows: [line("batch", "B1", 0)], batchCount: 1, batchesNotBalanced: 0 }} by="deposit" />);
    fireEvent.click(screen.getByRole("tab", { name: /Per batch/ }));
    expect(screen.queryByRole("note")).toBeNull();
  });
});
