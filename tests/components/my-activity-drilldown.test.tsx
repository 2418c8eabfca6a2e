/** @jest-environment jsdom */
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MyActivityBatchesGrid } from "@/components/my-activity/MyActivityBatchesGrid";
import { MyActivityByCheckGrid } from "@/components/my-activity/MyActivityByCheckGrid";
import { preloadReportGrid } from "@/components/reports/ReportGrid";
import type { MyActivityBatchRow, MyActivityCheckRow } from "@/lib/reports/my-activity/columns";

const push = jest.fn();
jest.mock("next/navigation", () => ({ useRouter: () => ({ push }) }));

beforeEach(() => push.mockClear());

const REPORT_SEARCH = "by=deposit&from=2026-03-01&to=2026-03-31";

const payments: MyActivityCheckRow[] = [
  {
    paymentId: 42,
    reference: "Cash",
    payerOrPatient: "García, Ana",
    method: "Cash",
    amountCents: 10000,
    appliedCents: 6000,
    unappliedCents: 4000,
    postedAt: "2026-03-02T16:30:00.000Z",
  },
  {
    paymentId: 41,
    reference: "5001",
    payerOrPatient: "Aetna",
    method: "Check",
    amountCents: 20000,
    appliedCents: 20000,
    unappliedCents: 0,
    postedAt: "2026-03-02T16:00:00.000Z",
  },
];
const all: MyActivityCheckRow = {
  paymentId: null,
  reference: "All",
  payerOrPatient: "2 payments",
  method: "",
  amountCents: 30000,
  appliedCents: 26000,
  unappliedCents: 4000,
  postedAt: null,
};

function renderByCheck() {
  render(
    <MyActivityByCheckGrid batchNumber="B-100" rows={payments} all={all} timezone="America/Phoenix" reportSearch={REPORT_SEARCH} />,
  );
}

/** The grid cell showing `text` (AG Grid renders cells asynchronously). */
async function cell(text: string): Promise<HTMLElement> {
  const element = await screen.findByText(text, { selector: "[role=gridcell], [role=gridcell] *" });
  return element.closest<HTMLElement>("[role=gridcell]")!;
}

// AG Grid's code loads after hydration in the app; here it is loaded first, as after a client-side navigation.
beforeAll(() => preloadReportGrid());

describe("My Payment Activity drill-down", () => {
  it("opens every line of the batch (view=all) on a double-click on All, keeping the report's filters", async () => {
    renderByCheck();
    fireEvent.doubleClick(await cell("All"));
    await waitFor(() => expect(push).toHaveBeenCalledTimes(1));
    expect(push).toHaveBeenCalledWith(`/payments/my-activity/batches/B-100?view=all&${REPORT_SEARCH}`);
  });

  it("opens every line on Enter on All", async () => {
    renderByCheck();
    const allCell = await cell("All");
    allCell.focus();
    fireEvent.keyDown(allCell, { key: "Enter", code: "Enter" });
    await waitFor(() => expect(push).toHaveBeenCalledWith(`/payments/my-activity/batches/B-100?view=all&${REPORT_SEARCH}`));
  });

  it("opens one payment's lines on a double-click on that payment", async () => {
    renderByCheck();
    fireEvent.doubleClick(await cell("5001"));
    await waitFor(() => expect(push).toHaveBeenCalledWith(`/payments/my-activity/batches/B-100?payment=41&${REPORT_SEARCH}`));
  });

  it("offers no column filters, which would hide payments the All line still counts", async () => {
    renderByCheck();
    await cell("5001");
    expect(document.querySelectorAll(".ag-header-cell").length).toBeGreaterThan(5);
    expect(document.querySelector(".ag-header-cell-filter-button")).toBeNull();
  });

  it("shows money as dollars, negatives included, and posting times in the practice's timezone", async () => {
    renderByCheck();
    expect(await cell("$300.00")).toBeInTheDocument();
    expect(await cell("3/2/2026 9:30 AM")).toBeInTheDocument();
  });

  it("opens a batch By Check on a double-click in the report", async () => {
    const row: MyActivityBatchRow = {
      batchNumber: "B-100",
      depositDate: "2026-03-02",
      firstPostedAt: "2026-03-02T16:00:00.000Z",
      lastPostedAt: "2026-03-02T16:30:00.000Z",
      payments: 2,
      postedTotalCents: -30000,
      appliedCents: -26000,
      unappliedCents: -4000,
      controlTotalCents: -30000,
      differenceCents: 0,
      status: "Balanced",
      batchState: "open",
    };
    render(
      <MyActivityBatchesGrid
        rows={[row]}
        totals={{ ...row, batchNumber: "Total: 1 batch", depositDate: null, status: "All balanced" }}
        timezone="America/Phoenix"
        reportSearch={REPORT_SEARCH}
      />,
    );
    expect((await screen.findAllByText("-$300.00")).length).toBeGreaterThan(0);
    fireEvent.doubleClick(await cell("3/2/2026"));
    await waitFor(() => expect(push).toHaveBeenCalledWith(`/payments/my-activity/batches/B-100?view=check&${REPORT_SEARCH}`));
  });
});
