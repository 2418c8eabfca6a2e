/** @jest-environment jsdom */
import { fireEvent, render, screen } from "@testing-library/react";
import { ColumnFilter, type ColumnFilterProps } from "@/components/payment-balancing/ColumnFilter";
import type { ColumnFilterSpec } from "@/components/payment-balancing/column-filter-specs";

const mockPush = jest.fn();
let mockSearch = new URLSearchParams();
jest.mock("next/navigation", () => ({
  useRouter: () => ({ push: mockPush }),
  usePathname: () => "/payments/balancing",
  useSearchParams: () => mockSearch,
}));

beforeEach(() => mockPush.mockClear());

/** The filter as the grid mounts it in a column's popup (the grid's own props are not used). */
function renderFilter(search: string, spec: ColumnFilterSpec) {
  mockSearch = new URLSearchParams(search);
  render(<ColumnFilter {...({ spec } as ColumnFilterProps)} />);
}

describe("Payment Balancing column filters", () => {
  it("edits the column's own URL filter and drops open groups and the page", () => {
    renderFilter("group=poster&open=7&page=2&poster=8", {
      kind: "choices",
      param: "poster",
      options: [
        { value: "7", label: "Pat Poster" },
        { value: "8", label: "Sam Poster" },
      ],
    });
    expect(screen.getByRole("checkbox", { name: "Sam Poster" })).toBeChecked();
    fireEvent.click(screen.getByRole("checkbox", { name: "Pat Poster" }));
    fireEvent.click(screen.getByRole("button", { name: "Apply" }));
    expect(mockPush).toHaveBeenCalledWith("/payments/balancing?group=poster&poster=8&poster=7", { scroll: false });
  });

  it("turns the posting-time column's range into by=posting", () => {
    renderFilter("from=2026-03-01&to=2026-03-31", { kind: "dates", by: "posting" });
    expect(screen.getByLabelText("From")).toHaveValue("");
    fireEvent.change(screen.getByLabelText("From"), { target: { value: "2026-03-30" } });
    fireEvent.change(screen.getByLabelText("To"), { target: { value: "2026-03-31" } });
    fireEvent.click(screen.getByRole("button", { name: "Apply" }));
    expect(mockPush).toHaveBeenCalledWith("/payments/balancing?by=posting&from=2026-03-30&to=2026-03-31", { scroll: false });
  });

  it("clears the amount range, and writes reference numbers as a repeatable filter", () => {
    renderFilter("min=10.00&max=20.00&sort=amount:desc", { kind: "amount" });
    expect(screen.getByLabelText("Min $")).toHaveValue("10.00");
    fireEvent.click(screen.getByRole("button", { name: "Clear" }));
    expect(mockPush).toHaveBeenLastCalledWith("/payments/balancing?sort=amount%3Adesc", { scroll: false });
  });

  it("writes a list column's values as a repeatable parameter", () => {
    renderFilter("", { kind: "list", param: "ref", placeholder: "Reference numbers" });
    fireEvent.change(screen.getByLabelText("Reference numbers"), { target: { value: "1001, EFT 2" } });
    fireEvent.click(screen.getByRole("button", { name: "Apply" }));
    // A reference number may hold a space; only commas and line breaks separate them.
    expect(mockPush).toHaveBeenCalledWith("/payments/balancing?ref=1001&ref=EFT+2", { scroll: false });
  });
});
