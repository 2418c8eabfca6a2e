/** @jest-environment jsdom */
import { fireEvent, render, screen, within } from "@testing-library/react";
import { BalancingGlance } from "@/components/payment-balancing/BalancingGlance";
import type { BalancingGlance as Glance, BalancingGlanceRow } from "@/lib/reports/payment-balancing/columns";

// The URL is the tab's only state: the hooks read the window's, as Next.js keeps them in step with pushState.
jest.mock("next/navigation", () => ({
  useRouter: () => ({ push: jest.fn() }),
  usePathname: () => window.location.pathname,
  useSearchParams: () => new URLSearchParams(window.location.search),
}));

const line = (kind: BalancingGlanceRow["kind"], key: string, unbalancedBatches: number, more: Partial<BalancingGlanceRow> = {}): BalancingGlanceRow => ({
  kind,
  key,
  label: key,
  paymentCount: 1,
  postedCents: 1000,
  unappliedCents: 0,
  batchPostedCents: 1000,
  controlTotalCents: 1000,
  differenceCents: 0,
  unbalancedBatches,
  ...more,
});

const glanceOf = (rows: BalancingGlanceRow[], more: Partial<Glance> = {}): Glance => ({
  rows,
  batchCount: rows.filter((row) => row.kind === "batch").length,
  batchesNotBalanced: rows.filter((row) => row.kind === "batch" && row.unbalancedBatches > 0).length,
  batchesSplit: 0,
  postedByDay: { bucket: "day", days: [] },
  ...more,
});

const ROWS = [
  line("poster", "7", 2, { label: "Bob Billing", paymentCount: 1, postedCents: 3723518, batchPostedCents: 1749634, controlTotalCents: 1744634, differenceCents: -5000 }),
  line("batch", "B1", 1),
  line("day", "2026-03-02", 0),
];

beforeEach(() => window.history.replaceState(null, "", "/payments/balancing?from=2026-03-01&to=2026-03-31&open=7&page=2"));

describe("Balancing at a glance", () => {
  it("counts every batch that does not balance, and says when only the first batches are listed", () => {
    const glance = glanceOf([line("batch", "B1", 1), line("batch", "B2", 1), line("poster", "7", 2), line("day", "2026-03-02", 0)], {
      batchCount: 6340,
      batchesNotBalanced: 2434,
    });
    window.history.replaceState(null, "", "/payments/balancing?from=2026-03-01&to=2026-03-31&open=7&page=2&glance=batch");
    render(<BalancingGlance glance={glance} by="deposit" />);
    expect(screen.getByRole("tab", { name: /Per batch/ }).textContent).toBe("Per batch · 2,434 need attention");
    expect(screen.getByRole("tab", { name: /Per poster/ }).textContent).toBe("Per poster · 1 need attention");
    expect(screen.getByRole("tabpanel").querySelector("[role=note]")!.textContent).toBe(
      "The first 2 of 6,340 batches, those that do not balance first. Group the report by batch to see every batch.",
    );
    expect(screen.getByRole("link", { name: "Group the report by batch" }).getAttribute("href")).toBe(
      "/payments/balancing?from=2026-03-01&to=2026-03-31&glance=batch&group=batch",
    );
  });

  it("shows what the filters show beside the whole batches, and says when filters split batches", () => {
    render(<BalancingGlance glance={glanceOf(ROWS, { batchesSplit: 3 })} by="deposit" />);
    const table = within(screen.getByRole("tabpanel")).getByRole("table");
    expect(within(table).getByRole("columnheader", { name: "These filters" }).getAttribute("colspan")).toBe("3");
    expect(within(table).getByRole("columnheader", { name: "Whole batches" }).getAttribute("colspan")).toBe("4");
    expect(within(table).getAllByRole("columnheader").slice(2).map((th) => th.textContent)).toEqual([
      "Poster",
      "Payments",
      "Posted",
      "Unapplied",
      "Batch posted",
      "Control total",
      "Difference",
      "Status",
    ]);
    // The line: the filtered Posted no longer sits against the difference; the whole batch does.
    expect(within(table).getAllByRole("row")[2]!.textContent).toBe(
      ["Bob Billing", "1", "$37,235.18", "$0.00", "$17,496.34", "$17,446.34", "-$50.00", "Out of balance (2 batches)"].join(""),
    );
    expect(screen.getByText(/^Filters split 3 batches:/).textContent).toBe(
      "Filters split 3 batches: Posted and Unapplied count only the payments shown; Batch posted, Control total, Difference and Status are the whole batches'.",
    );
  });

  it("says nothing of split batches when no filter splits one, and has no batch note when every batch is listed", () => {
    window.history.replaceState(null, "", "/payments/balancing?glance=batch");
    render(<BalancingGlance glance={glanceOf([line("batch", "B1", 0)])} by="deposit" />);
    expect(screen.queryByText(/Filters split/)).toBeNull();
    expect(screen.queryByRole("note")).toBeNull();
    expect(screen.getByRole("cell", { name: "Balanced" })).toBeTruthy();
  });

  it("follows the ARIA tabs pattern, the tab in the URL: roving tabindex, arrows, Home and End", () => {
    const { rerender } = render(<BalancingGlance glance={glanceOf(ROWS)} by="deposit" />);
    const tab = (name: RegExp) => screen.getByRole("tab", { name });
    const rerenderFromUrl = () => rerender(<BalancingGlance glance={glanceOf(ROWS)} by="deposit" />);
    expect(tab(/Per poster/).getAttribute("aria-selected")).toBe("true");
    expect(tab(/Per poster/).tabIndex).toBe(0);
    expect(tab(/Per batch/).tabIndex).toBe(-1);
    expect(tab(/Per poster/).getAttribute("aria-controls")).toBe(screen.getByRole("tabpanel").id);
    expect(screen.getByRole("tabpanel").getAttribute("aria-labelledby")).toBe(tab(/Per poster/).id);

    tab(/Per poster/).focus();
    fireEvent.keyDown(tab(/Per poster/), { key: "ArrowRight" });
    expect(window.location.search).toBe("?from=2026-03-01&to=2026-03-31&open=7&page=2&glance=batch");
    expect(document.activeElement).toBe(tab(/Per batch/));
    rerenderFromUrl();
    expect(tab(/Per batch/).getAttribute("aria-selected")).toBe("true");
    expect(tab(/Per batch/).tabIndex).toBe(0);
    expect(within(screen.getByRole("tabpanel")).getByRole("link", { name: "B1" })).toBeTruthy();

    fireEvent.keyDown(tab(/Per batch/), { key: "End" });
    expect(new URLSearchParams(window.location.search).get("glance")).toBe("day");
    rerenderFromUrl();
    fireEvent.keyDown(tab(/Per day/), { key: "ArrowRight" });
    // Wraps round to the first tab, the default, which leaves no parameter.
    expect(new URLSearchParams(window.location.search).has("glance")).toBe(false);
    rerenderFromUrl();
    fireEvent.keyDown(tab(/Per poster/), { key: "ArrowLeft" });
    expect(new URLSearchParams(window.location.search).get("glance")).toBe("day");
    rerenderFromUrl();
    fireEvent.keyDown(tab(/Per day/), { key: "Home" });
    expect(new URLSearchParams(window.location.search).has("glance")).toBe(false);
  });

  it("links each line to the report narrowed to it, in the Tab order", () => {
    window.history.replaceState(null, "", "/payments/balancing?from=2026-03-01&to=2026-03-31&open=7&page=2&glance=day");
    render(<BalancingGlance glance={glanceOf(ROWS)} by="posting" />);
    const link = screen.getByRole("link", { name: "3/2/2026" });
    expect(link.getAttribute("href")).toBe("/payments/balancing?from=2026-03-01&to=2026-03-31&glance=day&posting_date=2026-03-02");
    expect(link.tabIndex).toBe(0);
  });
});

describe("the glance's lines on a small window", () => {
  // The window's width picks the default in CSS ("auto"); a choice replaces it.
  const section = () => screen.getByRole("region", { name: "Balancing at a glance" });

  it("hides and shows them on request, the buttons saying which they do", () => {
    render(<BalancingGlance glance={glanceOf(ROWS)} by="deposit" />);
    expect(section().className).toBe("glance glance-lines-auto");
    const hide = screen.getByRole("button", { name: "Hide lines" });
    expect(hide).toHaveAttribute("aria-expanded", "true");
    fireEvent.click(hide);
    expect(section().className).toBe("glance glance-lines-closed");
    const show = screen.getByRole("button", { name: "Show lines" });
    expect(show).toHaveAttribute("aria-expanded", "false");
    expect(show.getAttribute("aria-controls")).toBe(section().querySelector(".glance-lines")!.id);
    fireEvent.click(show);
    expect(section().className).toBe("glance glance-lines-open");
  });

  it("shows them when a tab is chosen, as choosing a tab asks for its lines", () => {
    render(<BalancingGlance glance={glanceOf(ROWS)} by="deposit" />);
    fireEvent.click(screen.getByRole("button", { name: "Hide lines" }));
    fireEvent.click(screen.getByRole("tab", { name: /Per day/ }));
    expect(section().className).toBe("glance glance-lines-open");
  });
});
