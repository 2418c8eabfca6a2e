/** @jest-environment jsdom */
import { fireEvent, render, screen } from "@testing-library/react";
import { GroupingPicker } from "@/components/payment-balancing/GroupingPicker";

const mockPush = jest.fn();
let mockSearch = new URLSearchParams();
jest.mock("next/navigation", () => ({
  useRouter: () => ({ push: mockPush }),
  usePathname: () => "/payments/balancing/full-access",
  useSearchParams: () => mockSearch,
}));

beforeEach(() => mockPush.mockClear());

function renderPicker(search: string, groups: Parameters<typeof GroupingPicker>[0]["groups"]) {
  mockSearch = new URLSearchParams(search);
  render(<GroupingPicker groups={groups} />);
}

const pushed = () => mockPush.mock.calls.map(([href]) => href as string);

describe("Payment Balancing grouping picker", () => {
  it("adds a level after the existing ones, closing open groups and the page", () => {
    renderPicker("from=2026-03-01&group=poster&open=7&page=2", ["poster"]);
    fireEvent.change(screen.getByRole("combobox", { name: "Add a grouping level" }), { target: { value: "deposit_date" } });
    expect(pushed()).toEqual(["/payments/balancing/full-access?from=2026-03-01&group=poster&group=deposit_date"]);
  });

  it("shows the levels in order and only offers the dimensions not chosen yet", () => {
    renderPicker("group=batch&group=method", ["batch", "method"]);
    expect(screen.getAllByRole("listitem").map((item) => item.getAttribute("aria-label"))).toEqual([
      "Level 1: Batch",
      "Level 2: Method",
    ]);
    const offered = screen.getAllByRole("option").map((option) => option.textContent);
    expect(offered).toEqual([
      "+ Add level…",
      "Poster",
      "Deposit date",
      "Posting date",
      "Location",
      "Payer",
      "Payer type",
      "Source",
    ]);
  });

  it("moves a level in or out and removes one", () => {
    renderPicker("group=poster&group=method&group=source&sort=amount:desc", ["poster", "method", "source"]);
    fireEvent.click(screen.getByRole("button", { name: "Move Method out" }));
    fireEvent.click(screen.getByRole("button", { name: "Move Method in" }));
    fireEvent.click(screen.getByRole("button", { name: "Remove Poster" }));
    fireEvent.click(screen.getByRole("button", { name: "Clear grouping" }));
    expect(pushed()).toEqual([
      "/payments/balancing/full-access?sort=amount%3Adesc&group=method&group=poster&group=source",
      "/payments/balancing/full-access?sort=amount%3Adesc&group=poster&group=source&group=method",
      "/payments/balancing/full-access?sort=amount%3Adesc&group=method&group=source",
      "/payments/balancing/full-access?sort=amount%3Adesc",
    ]);
    expect(screen.getByRole("button", { name: "Move Poster out" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Move Source in" })).toBeDisabled();
  });
});
