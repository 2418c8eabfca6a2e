/** @jest-environment jsdom */
import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { NavMenu } from "@/components/layout/NavMenu";

jest.mock("next/navigation", () => ({ usePathname: () => "/payments/balancing" }));

function paymentsMenu(): HTMLDetailsElement {
  return screen.getByText("Payments").closest("details")!;
}

async function openPayments() {
  render(
    <>
      <NavMenu permissions={["myActivity", "paymentBalancing"]} />
      <p>Report</p>
    </>,
  );
  await userEvent.click(screen.getByText("Payments"));
  expect(paymentsMenu().open).toBe(true);
}

describe("the main menu", () => {
  it("shows only the pages the user may open", async () => {
    await openPayments();
    expect(screen.getAllByRole("menuitem").map((item) => item.textContent)).toEqual(["My Payment Activity", "Payment Balancing", "Month-end close"]);
    expect(screen.queryByText("Admin")).toBeNull();
  });

  it("closes when the page already open is chosen", async () => {
    await openPayments();
    // jsdom cannot follow links; what is tested is the menu, not the navigation.
    document.addEventListener("click", (event) => event.preventDefault(), { once: true });
    fireEvent.click(screen.getByRole("menuitem", { name: "Payment Balancing" }));
    expect(paymentsMenu().open).toBe(false);
  });

  it("closes on Escape and gives focus back to its title", async () => {
    await openPayments();
    screen.getByRole("menuitem", { name: "My Payment Activity" }).focus();
    await userEvent.keyboard("{Escape}");
    expect(paymentsMenu().open).toBe(false);
    expect(document.activeElement).toBe(screen.getByText("Payments"));
  });

  it("closes on a click elsewhere on the page, and stays open on a click inside it", async () => {
    await openPayments();
    fireEvent.pointerDown(screen.getByRole("menu"));
    expect(paymentsMenu().open).toBe(true);
    fireEvent.pointerDown(screen.getByText("Report"));
    expect(paymentsMenu().open).toBe(false);
  });
});
