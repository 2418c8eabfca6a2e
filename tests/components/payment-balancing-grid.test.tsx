/** @jest-environment jsdom */
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { PaymentBalancingGrid, preloadColumnFilter, type PaymentBalancingGridProps } from "@/components/payment-balancing/PaymentBalancingGrid";
import { preloadReportGrid } from "@/components/reports/ReportGrid";
import type { PaymentBalancingGroupRow, PaymentBalancingRow } from "@/lib/reports/payment-balancing/columns";

const mockPush = jest.fn();
let mockSearch = new URLSearchParams();
jest.mock("next/navigation", () => ({
  useRouter: () => ({ push: mockPush }),
  usePathname: () => "/payments/balancing",
  useSearchParams: () => mockSearch,
}));

beforeEach(() => mockPush.mockClear());

const group = (level: number, path: string, label: string, paymentCount: number, amountCents: number): PaymentBalancingGroupRow => ({
  level,
  path,
  label,
  paymentCount,
  amountCents,
  appliedCents: amountCents,
  unappliedCents: 0,
});

const payment = (id: number, amountCents: number, groupPath: string): PaymentBalancingRow & { groupPath: string } => ({
  id,
  depositDate: "2026-03-02",
  postedAt: "2026-03-02T16:30:00.000Z",
  postingDate: "2026-03-02",
  posterId: 7,
  poster: "Pat Poster",
  batchId: 1,
  batchNumber: "B1",
  batchState: "open",
  locationId: 3,
  location: "Mesa Clinic",
  payerId: 12,
  patientId: null,
  payerOrPatient: "Aetna",
  payerType: "commercial",
  method: "check",
  referenceNumber: `R${id}`,
  amountCents,
  appliedCents: amountCents,
  unappliedCents: 0,
  source: "manual",
  reversesPaymentId: null,
  groupPath,
});

function renderGrid(search: string, props: Partial<PaymentBalancingGridProps>) {
  mockSearch = new URLSearchParams(search);
  return render(
    <PaymentBalancingGrid
      dimensions={["poster", "method"]}
      groups={[]}
      rows={[]}
      grandTotal={group(0, "", "", 3, 60000)}
      open={[]}
      sort={[]}
      timezone="America/Phoenix"
      basePath="/payments/balancing"
      page={{ number: 1, size: 100, pageCount: 1 }}
      filterOptions={{ locations: [], posters: [{ value: "7", label: "Pat Poster" }, { value: "8", label: "Sam Poster" }], payers: [] }}
      {...props}
    />,
  );
}

// AG Grid's code loads after hydration in the app; here it is loaded first, as after a client-side navigation.
beforeAll(() => Promise.all([preloadReportGrid(), preloadColumnFilter()]));

describe("Payment Balancing grid", () => {
  it("shows collapsed group rows with their counts and the grand total, and expands one through the URL", async () => {
    renderGrid("from=2026-03-01&group=poster&group=method", {
      groups: [group(1, "7", "Pat Poster", 2, 50000), group(1, "8", "Sam Poster", 1, 10000)],
    });
    const expand = await screen.findByRole("button", { name: "Expand Poster Pat Poster" });
    expect(expand).toHaveAttribute("aria-expanded", "false");
    expect(screen.getByText("Grand total")).toBeInTheDocument();
    // Amount and applied of the grand total and of the first group.
    expect(screen.getAllByText("$600.00")).toHaveLength(2);
    expect(screen.getAllByText("$500.00")).toHaveLength(2);
    fireEvent.click(expand);
    await waitFor(() =>
      expect(mockPush).toHaveBeenCalledWith("/payments/balancing?from=2026-03-01&group=poster&group=method&open=7", { scroll: false }),
    );
  });

  it("shows an open group's sub-groups and an open leaf group's payments, and collapses through the URL", async () => {
    renderGrid("group=poster&group=method&open=7&open=7~check", {
      open: ["7", "7~check"],
      groups: [
        group(1, "7", "Pat Poster", 2, 50000),
        group(2, "7~check", "check", 2, 50000),
        group(1, "8", "Sam Poster", 1, 10000),
      ],
      rows: [payment(101, 30000, "7~check"), payment(102, 20000, "7~check")],
    });
    const collapse = await screen.findByRole("button", { name: "Collapse Poster Pat Poster" });
    expect(screen.getByRole("button", { name: "Collapse Method Check" })).toHaveAttribute("aria-expanded", "true");
    expect(screen.getByRole("link", { name: "Payment 101" })).toHaveAttribute(
      "href",
      "/payments/balancing/payments/101?group=poster&group=method&open=7&open=7%7Echeck",
    );
    expect(screen.getByRole("link", { name: "Payment 102" })).toBeInTheDocument();
    fireEvent.click(collapse);
    // Closing a group also forgets the groups opened inside it.
    await waitFor(() => expect(mockPush).toHaveBeenCalledWith("/payments/balancing?group=poster&group=method", { scroll: false }));
  });

  it("links a group row to its payments: the same filters plus the group's keys, ungrouped", async () => {
    renderGrid("from=2026-03-01&group=poster&group=method&open=7", {
      open: ["7"],
      groups: [group(1, "7", "Pat Poster", 2, 50000), group(2, "7~eft", "eft", 2, 50000)],
    });
    const row = (await screen.findByRole("button", { name: "Expand Method EFT" })).closest(".group-cell") as HTMLElement;
    expect(within(row).getByRole("link", { name: "payments" })).toHaveAttribute(
      "href",
      "/payments/balancing?from=2026-03-01&poster=7&method=eft",
    );
  });

  it("offers the rest of a large open group as its own list", async () => {
    renderGrid("group=method&open=check&size=1", {
      dimensions: ["method"],
      open: ["check"],
      groups: [group(1, "check", "check", 3, 60000)],
      rows: [payment(101, 30000, "check")],
    });
    expect(await screen.findByRole("link", { name: "2 more — open all 3 payments" })).toHaveAttribute(
      "href",
      "/payments/balancing?size=1&method=check",
    );
  });

  it("pages ungrouped payments through the URL", async () => {
    renderGrid("sort=amount:desc&page=2", {
      dimensions: [],
      rows: [payment(101, 30000, "")],
      page: { number: 2, size: 100, pageCount: 3 },
    });
    expect(await screen.findByRole("link", { name: "← Previous" })).toHaveAttribute("href", "/payments/balancing?sort=amount%3Adesc");
    expect(screen.getByRole("link", { name: "Next →" })).toHaveAttribute("href", "/payments/balancing?sort=amount%3Adesc&page=3");
    expect(screen.getByText("Page 2 of 3 (100 payments a page)")).toBeInTheDocument();
  });

  it("marks the columns the URL filters and gives every filterable column a filter button", async () => {
    const { container } = renderGrid("from=2026-03-01&group=poster&location=3&min=10", {
      dimensions: ["poster"],
      groups: [group(1, "7", "Pat Poster", 2, 50000)],
    });
    await screen.findByRole("button", { name: "Expand Poster Pat Poster" });
    const header = (colId: string) => container.querySelector(`.ag-header-cell[col-id="${colId}"]`) as HTMLElement;
    expect(header("location")).toHaveClass("url-filtered");
    expect(header("amount")).toHaveClass("url-filtered");
    expect(header("method")).not.toHaveClass("url-filtered");
    expect(header("method").querySelector(".ag-header-cell-filter-button")).not.toBeNull();
    expect(header("applied").querySelector(".ag-header-cell-filter-button")).toBeNull();
    // The group rows name the poster: the Poster column would repeat it on every payment.
    expect(header("poster")).toBeNull();
  });

  it("counts payments on group rows and the grand total only, and drops the column when nothing is grouped", async () => {
    const { container } = renderGrid("group=method&open=check", {
      dimensions: ["method"],
      open: ["check"],
      groups: [group(1, "check", "check", 2, 50000), group(1, "eft", "eft", 1, 10000)],
      rows: [payment(101, 30000, "check"), payment(102, 20000, "check")],
    });
    await screen.findByRole("link", { name: "Payment 101" });
    const countOf = (rowId: string) => container.querySelector(`.ag-row[row-id="${rowId}"] [col-id="paymentCount"]`)?.textContent;
    expect(countOf("group:check")).toBe("2");
    expect(countOf("group:eft")).toBe("1");
    expect(countOf("payment:101")).toBe("");
    expect(countOf("payment:102")).toBe("");
    expect(countOf("total")).toBe("3");
  });

  it("has no Payments column when nothing is grouped", async () => {
    const { container } = renderGrid("", { dimensions: [], rows: [payment(101, 30000, "")] });
    await screen.findByRole("link", { name: "Payment 101" });
    expect(container.querySelector('[col-id="paymentCount"]')).toBeNull();
  });

  it("says a page past the last one is past it, and links to the last page", async () => {
    renderGrid("from=2026-03-01&page=999", { dimensions: [], page: { number: 999, size: 100, pageCount: 6 } });
    expect(await screen.findByRole("note")).toHaveTextContent("Page 999 is past the last page of this report.");
    expect(screen.getByRole("link", { name: "Go to page 6" })).toHaveAttribute("href", "/payments/balancing?from=2026-03-01&page=6");
    expect(screen.getByRole("link", { name: "← Previous" })).toHaveAttribute("href", "/payments/balancing?from=2026-03-01&page=6");
    expect(screen.queryByText("No payments match these filters.")).toBeNull();
  });
});

describe("Payment Balancing grid with the keyboard", () => {
  const cellOf = (container: HTMLElement, rowId: string, colId: string) =>
    container.querySelector(`.ag-row[row-id="${rowId}"] [col-id="${colId}"]`) as HTMLElement;

  async function renderOpenGroup() {
    const view = renderGrid("group=method&open=check", {
      dimensions: ["method"],
      open: ["check"],
      groups: [group(1, "check", "check", 1, 30000), group(1, "eft", "eft", 1, 10000)],
      rows: [payment(101, 30000, "check")],
    });
    await screen.findByRole("link", { name: "Payment 101" });
    return view.container;
  }

  it("opens a payment's drill-down on Enter and on a double-click", async () => {
    const container = await renderOpenGroup();
    fireEvent.keyDown(cellOf(container, "payment:101", "amount"), { key: "Enter" });
    await waitFor(() => expect(mockPush).toHaveBeenLastCalledWith("/payments/balancing/payments/101?group=method&open=check"));
    mockPush.mockClear();
    fireEvent.doubleClick(cellOf(container, "payment:101", "location"));
    await waitFor(() => expect(mockPush).toHaveBeenCalledWith("/payments/balancing/payments/101?group=method&open=check"));
  });

  it("expands a group on Enter and collapses one on Space; Space on a payment does nothing", async () => {
    const container = await renderOpenGroup();
    fireEvent.keyDown(cellOf(container, "group:eft", "amount"), { key: "Enter" });
    await waitFor(() =>
      expect(mockPush).toHaveBeenLastCalledWith("/payments/balancing?group=method&open=check&open=eft", { scroll: false }),
    );
    fireEvent.keyDown(cellOf(container, "group:check", "lead"), { key: " " });
    await waitFor(() => expect(mockPush).toHaveBeenLastCalledWith("/payments/balancing?group=method", { scroll: false }));
    mockPush.mockClear();
    fireEvent.keyDown(cellOf(container, "payment:101", "amount"), { key: " " });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(mockPush).not.toHaveBeenCalled();
  });

  it("leaves Enter on the toggle button to the button, so a group is not toggled twice", async () => {
    const container = await renderOpenGroup();
    fireEvent.keyDown(within(cellOf(container, "group:eft", "lead")).getByRole("button"), { key: "Enter" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(mockPush).not.toHaveBeenCalled();
  });

  it("tabs from a group row's cell to its toggle and payments link, and Shift+Tab back to the cell", async () => {
    const container = await renderOpenGroup();
    const lead = cellOf(container, "group:eft", "lead");
    lead.focus();
    fireEvent.keyDown(lead, { key: "Tab" });
    expect(within(lead).getByRole("button", { name: "Expand Method EFT" })).toHaveFocus();
    fireEvent.keyDown(document.activeElement!, { key: "Tab" });
    expect(within(lead).getByRole("link", { name: "payments" })).toHaveFocus();
    fireEvent.keyDown(document.activeElement!, { key: "Tab", shiftKey: true });
    expect(within(lead).getByRole("button", { name: "Expand Method EFT" })).toHaveFocus();
    fireEvent.keyDown(document.activeElement!, { key: "Tab", shiftKey: true });
    expect(lead).toHaveFocus();
  });
});
