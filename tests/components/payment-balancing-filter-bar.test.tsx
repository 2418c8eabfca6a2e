/** @jest-environment jsdom */
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { PaymentBalancingFilterBar } from "@/components/payment-balancing/PaymentBalancingFilterBar";
import { parsePaymentBalancingQuery } from "@/lib/reports/payment-balancing/search-params";

const mockPush = jest.fn();
let mockSearch = new URLSearchParams();
jest.mock("next/navigation", () => ({
  useRouter: () => ({ push: mockPush }),
  usePathname: () => "/payments/balancing",
  useSearchParams: () => mockSearch,
}));

beforeEach(() => mockPush.mockClear());

const TODAY = "2026-03-18";
const OPTIONS = {
  locations: [
    { value: "3", label: "Mesa Clinic" },
    { value: "5", label: "Tempe Clinic" },
  ],
  posters: [{ value: "7", label: "Pat Poster" }],
  payers: [
    { value: "12", label: "Aetna" },
    { value: "patient", label: "Patient payments" },
  ],
};

function renderBar(search: string) {
  mockSearch = new URLSearchParams(search);
  const parsed = parsePaymentBalancingQuery(mockSearch, { today: TODAY });
  if (!parsed.ok) throw new Error(parsed.message);
  render(<PaymentBalancingFilterBar query={parsed.value} options={OPTIONS} today={TODAY} />);
  return parsed.value;
}

function pushedQuery() {
  const href = mockPush.mock.calls.at(-1)![0] as string;
  const parsed = parsePaymentBalancingQuery(new URLSearchParams(href.split("?")[1] ?? ""), { today: TODAY });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

describe("Payment Balancing filter bar", () => {
  it("round-trips a URL with every filter: Search without changes pushes the same report", () => {
    const query = renderBar(
      "by=posting&from=2026-03-01&to=2026-03-15&location=3&location=5&poster=7&payer=12&payer=patient&payer_type=medicare" +
        "&method=check&source=emr_integration&batch=B1&batch=B2&ref=1001&ref=EFT%2012345&min=100.00&max=250.50&unbalanced=1" +
        "&deposit_date=2026-03-02&group=poster&sort=amount:desc&size=150",
    );
    fireEvent.click(screen.getByRole("button", { name: "Search" }));
    expect(pushedQuery()).toEqual(query);
  });

  it("keeps default dates out of the URL, so a bookmark stays 'this month to date'", () => {
    renderBar("group=poster&open=7&page=3");
    fireEvent.click(screen.getByRole("button", { name: "Search" }));
    expect(mockPush).toHaveBeenCalledWith("/payments/balancing?group=poster", { scroll: false });
  });

  it("writes chosen filters as repeatable parameters and drops open groups and the page", () => {
    renderBar("from=2026-03-01&to=2026-03-31&group=poster&open=7&page=2");
    fireEvent.click(screen.getByRole("checkbox", { name: "Tempe Clinic" }));
    fireEvent.click(screen.getByRole("checkbox", { name: "Mesa Clinic" }));
    fireEvent.click(screen.getByRole("checkbox", { name: "EFT" }));
    fireEvent.change(screen.getByRole("textbox", { name: "Batch no." }), { target: { value: "B1, B2" } });
    fireEvent.change(screen.getByRole("textbox", { name: "Min $" }), { target: { value: "100" } });
    fireEvent.click(screen.getByRole("checkbox", { name: "Only what does not balance" }));
    fireEvent.click(screen.getByRole("button", { name: "Search" }));
    expect(mockPush).toHaveBeenCalledWith(
      "/payments/balancing?group=poster&from=2026-03-01&to=2026-03-31&location=5&location=3&method=eft&batch=B1&batch=B2&min=100&unbalanced=1",
      { scroll: false },
    );
  });

  it("shows the schema's message and pushes nothing for a bad amount", () => {
    renderBar("");
    fireEvent.change(screen.getByRole("textbox", { name: "Max $" }), { target: { value: "lots" } });
    fireEvent.click(screen.getByRole("button", { name: "Search" }));
    expect(screen.getByRole("alert")).toHaveTextContent(`"max" must be a dollar amount like 100.00, not "lots".`);
    expect(mockPush).not.toHaveBeenCalled();
  });

  it("sums up the active filters on one line, naming every choice", () => {
    renderBar("from=2026-03-01&to=2026-03-15&location=3&location=5&payer=patient&method=check&method=eft&min=100&batch_state=open&unbalanced=1");
    expect(screen.getByText("Filters:").parentElement!.textContent).toBe(
      "Filters: Deposit dates 3/1/2026 – 3/15/2026 · Location Mesa Clinic, Tempe Clinic · Payer Patient payments · Method Check, EFT · " +
        "Amount at least $100.00 · Open batches only · Only what does not balance",
    );
  });

  it("says only the dates when nothing else filters", () => {
    renderBar("by=posting&group=poster");
    expect(screen.getByText("Filters:").parentElement!.textContent).toBe("Filters: Posting dates 3/1/2026 – 3/18/2026");
  });

  it("opens from its summary and collapses back to it, from the keyboard", async () => {
    renderBar("method=check");
    const panel = () => document.querySelector(".filter-panel")!;
    // Until the user chooses, the window's width decides (a media query in payment-balancing.css).
    expect(panel()).toHaveClass("filter-panel-auto");
    const edit = screen.getByRole("button", { name: "Edit filters" });
    expect(edit).toHaveAttribute("aria-expanded", "false");
    expect(edit).toHaveAttribute("aria-controls", screen.getByRole("search").id);
    edit.focus();
    await userEvent.keyboard("{Enter}");
    expect(panel()).toHaveClass("filter-panel-open");
    await waitFor(() => expect(screen.getByRole("combobox", { name: "By" })).toHaveFocus());
    await userEvent.click(screen.getByRole("button", { name: "Hide filters" }));
    expect(panel()).toHaveClass("filter-panel-closed");
    await waitFor(() => expect(edit).toHaveFocus());
  });
});
