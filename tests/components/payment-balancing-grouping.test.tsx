/** @jest-environment jsdom */
import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
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
  it("adds the chosen level after the existing ones on Add level, closing open groups and the page", () => {
    renderPicker("from=2026-03-01&group=poster&open=7&page=2", ["poster"]);
    fireEvent.change(screen.getByRole("combobox", { name: "Level to add" }), { target: { value: "deposit_date" } });
    expect(pushed()).toEqual([]);
    fireEvent.click(screen.getByRole("button", { name: "+ Add level" }));
    expect(pushed()).toEqual(["/payments/balancing/full-access?from=2026-03-01&group=poster&group=deposit_date"]);
  });

  it("adds nothing while the keyboard looks through the choices", async () => {
    renderPicker("group=poster", ["poster"]);
    const select = screen.getByRole("combobox", { name: "Level to add" });
    // Each ArrowDown on a closed select is a change event in the browser (jsdom does not move it).
    for (const value of ["posting_date", "location", "batch"]) fireEvent.change(select, { target: { value } });
    expect(pushed()).toEqual([]);
    expect(select).toHaveValue("batch");
    select.focus();
    await userEvent.tab();
    expect(screen.getByRole("button", { name: "+ Add level" })).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    expect(pushed()).toEqual(["/payments/balancing/full-access?group=poster&group=batch"]);
  });

  it("offers the first level left once every earlier choice is a level", () => {
    renderPicker("", []);
    expect(screen.getByRole("combobox", { name: "Level to add" })).toHaveValue("poster");
    fireEvent.click(screen.getByRole("button", { name: "+ Add level" }));
    expect(pushed()).toEqual(["/payments/balancing/full-access?group=poster"]);
  });

  it("shows the levels in order and only offers the dimensions not chosen yet", () => {
    renderPicker("group=batch&group=method", ["batch", "method"]);
    expect(screen.getAllByRole("listitem").map((item) => item.getAttribute("aria-label"))).toEqual([
      "Level 1: Batch",
      "Level 2: Method",
    ]);
    const offered = screen.getAllByRole("option").map((option) => option.textContent);
    expect(offered).toEqual([
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
