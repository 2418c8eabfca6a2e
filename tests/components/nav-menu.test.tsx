/** @jest-environment jsdom */
import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { NavMenu } from "@/components/layout/NavMenu";
import type { Permission } from "@/lib/access/permissions";

let mockPathname = "/payments/balancing";
let mockSearch = new URLSearchParams();
jest.mock("next/navigation", () => ({ usePathname: () => mockPathname, useSearchParams: () => mockSearch }));

const paymentsButton = () => screen.getByRole("button", { name: "Payments" });
const item = (name: string) => screen.getByRole("menuitem", { name });

function renderMenu(permissions: Permission[] = ["myActivity", "paymentBalancing"], at = "/payments/balancing", search = "") {
  mockPathname = at;
  mockSearch = new URLSearchParams(search);
  render(
    <>
      <NavMenu permissions={permissions} />
      <p>Report</p>
    </>,
  );
}

async function openPayments() {
  renderMenu();
  await userEvent.click(paymentsButton());
  expect(paymentsButton()).toHaveAttribute("aria-expanded", "true");
}

describe("the main menu", () => {
  it("shows only the pages the user may open", async () => {
    await openPayments();
    expect(screen.getAllByRole("menuitem").map((menuItem) => menuItem.textContent)).toEqual([
      "My Payment Activity",
      "Payment Balancing",
      "Month-end close",
    ]);
    expect(screen.queryByRole("button", { name: "Admin" })).toBeNull();
  });

  it("closes when the page already open is chosen", async () => {
    await openPayments();
    // jsdom cannot follow links; what is tested is the menu, not the navigation.
    document.addEventListener("click", (event) => event.preventDefault(), { once: true });
    fireEvent.click(item("Payment Balancing"));
    expect(paymentsButton()).toHaveAttribute("aria-expanded", "false");
    expect(screen.queryByRole("menu")).toBeNull();
  });

  it("closes on Escape and gives focus back to its button", async () => {
    await openPayments();
    await userEvent.keyboard("{Escape}");
    expect(paymentsButton()).toHaveAttribute("aria-expanded", "false");
    expect(paymentsButton()).toHaveFocus();
  });

  it("closes on a click elsewhere on the page, and stays open on a click inside it", async () => {
    await openPayments();
    fireEvent.pointerDown(screen.getByRole("menu"));
    expect(paymentsButton()).toHaveAttribute("aria-expanded", "true");
    fireEvent.pointerDown(screen.getByText("Report"));
    expect(paymentsButton()).toHaveAttribute("aria-expanded", "false");
  });

  it("opens from the keyboard and moves with arrows, Home and End, one item in the Tab order", async () => {
    renderMenu();
    paymentsButton().focus();
    await userEvent.keyboard("{ArrowDown}");
    expect(item("My Payment Activity")).toHaveFocus();
    await userEvent.keyboard("{ArrowDown}");
    expect(item("Payment Balancing")).toHaveFocus();
    expect(screen.getAllByRole("menuitem").map((menuItem) => menuItem.tabIndex)).toEqual([-1, 0, -1]);
    await userEvent.keyboard("{End}");
    expect(item("Month-end close")).toHaveFocus();
    // Down from the last wraps to the first, up from the first to the last.
    await userEvent.keyboard("{ArrowDown}");
    expect(item("My Payment Activity")).toHaveFocus();
    await userEvent.keyboard("{ArrowUp}");
    expect(item("Month-end close")).toHaveFocus();
    await userEvent.keyboard("{Home}");
    expect(item("My Payment Activity")).toHaveFocus();
    await userEvent.keyboard("{Escape}");
    expect(paymentsButton()).toHaveFocus();
    // ArrowUp on the button opens the menu at its last item.
    await userEvent.keyboard("{ArrowUp}");
    expect(item("Month-end close")).toHaveFocus();
  });

  it("closes when Tab leaves it", async () => {
    await openPayments();
    await userEvent.tab();
    expect(paymentsButton()).toHaveAttribute("aria-expanded", "false");
  });

  it("switches variants keeping the report's filters, and opens other pages plain", async () => {
    renderMenu(["paymentBalancing", "paymentBalancingFullAccess"], "/payments/balancing", "from=2026-03-01&location=3&group=poster");
    await userEvent.click(paymentsButton());
    expect(item("Payment Balancing (Full Access)")).toHaveAttribute(
      "href",
      "/payments/balancing/full-access?from=2026-03-01&location=3&group=poster",
    );
    expect(item("Payment Balancing")).toHaveAttribute("href", "/payments/balancing");
    expect(item("Month-end close")).toHaveAttribute("href", "/payments/month-end");
  });

  it("switches back from Full Access, and from a payment's drill-down, with the same query", () => {
    renderMenu(["paymentBalancing", "paymentBalancingFullAccess"], "/payments/balancing/full-access/payments/42", "method=check");
    expect(screen.getByRole("menuitem", { name: "Payment Balancing", hidden: true })).toHaveAttribute(
      "href",
      "/payments/balancing?method=check",
    );
    expect(screen.getByRole("menuitem", { name: "Payment Balancing (Full Access)", hidden: true })).toHaveAttribute(
      "href",
      "/payments/balancing/full-access",
    );
  });

  it("keeps nothing of another page's query", () => {
    renderMenu(["paymentBalancing", "paymentBalancingFullAccess"], "/payments/month-end", "month=2026-03");
    expect(screen.getByRole("menuitem", { name: "Payment Balancing (Full Access)", hidden: true })).toHaveAttribute(
      "href",
      "/payments/balancing/full-access",
    );
  });
});
