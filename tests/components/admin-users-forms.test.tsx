/** @jest-environment jsdom */
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { InviteUserForm } from "@/components/admin/InviteUserForm";
import { UserAccessEditor } from "@/components/admin/UserAccessEditor";

const LOCATIONS = [
  { id: 3, name: "Mesa Clinic", code: "MESA" },
  { id: 4, name: "Tempe Clinic", code: "TEMPE" },
];
const LINK = { email: "new@test.example", path: `/set-password/${"a".repeat(43)}`, expiresAt: "2026-12-06T15:00:00.000Z" };

describe("Invite a user", () => {
  function renderForm() {
    const invite = jest.fn(async () => ({ ok: true, message: "Invited new@test.example. Pass them this link:", link: LINK }));
    render(<InviteUserForm locations={LOCATIONS} roles={["Billing Admin", "Billing"]} invite={invite} />);
    return invite;
  }

  it("sends name, email (lowercased), roles and locations, then shows the whole link to pass on", async () => {
    const invite = renderForm();
    await userEvent.type(screen.getByLabelText("Name"), "  Pat Poster ");
    await userEvent.type(screen.getByLabelText("Email"), "New@Test.Example");
    await userEvent.click(screen.getByLabelText("Billing"));
    await userEvent.click(screen.getByLabelText("Tempe Clinic"));
    await userEvent.click(screen.getByRole("button", { name: "Invite" }));
    expect(invite).toHaveBeenCalledWith({
      name: "Pat Poster",
      email: "new@test.example",
      roles: ["Billing"],
      locationIds: [4],
      isRcmStaff: false,
    });
    const notice = await screen.findByRole("status");
    expect(within(notice).getByText("Invited new@test.example. Pass them this link:")).toBeInTheDocument();
    expect(within(notice).getByLabelText("Set-password link for new@test.example")).toHaveValue(
      `http://localhost/set-password/${"a".repeat(43)}`,
    );
    expect(notice).toHaveTextContent("It works once, until Dec 6, 2026");
    // The form is empty again for the next invitation.
    expect(screen.getByLabelText("Name")).toHaveValue("");
  });

  it("names a missing name or a bad email before sending anything", async () => {
    const invite = renderForm();
    await userEvent.type(screen.getByLabelText("Email"), "new@test.example");
    await userEvent.click(screen.getByRole("button", { name: "Invite" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Enter the user's name.");
    await userEvent.type(screen.getByLabelText("Name"), "Pat");
    await userEvent.clear(screen.getByLabelText("Email"));
    await userEvent.type(screen.getByLabelText("Email"), "pat-at-example");
    await userEvent.click(screen.getByRole("button", { name: "Invite" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Enter the user's email address, like name@example.com.");
    expect(invite).not.toHaveBeenCalled();
  });

  it("shows the server's refusal", async () => {
    const invite = jest.fn(async () => ({ ok: false, message: "new@test.example already has an account. Use another email address." }));
    render(<InviteUserForm locations={LOCATIONS} roles={["Billing"]} invite={invite} />);
    await userEvent.type(screen.getByLabelText("Name"), "Pat");
    await userEvent.type(screen.getByLabelText("Email"), "new@test.example");
    await userEvent.click(screen.getByRole("button", { name: "Invite" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("already has an account");
  });
});

describe("Reset a password from the users table", () => {
  const user = (id: number, email: string, hasPassword: boolean) => ({
    id,
    name: email.split("@")[0]!,
    email,
    isRcmStaff: false,
    disabled: false,
    hasPassword,
    roles: ["Billing" as const],
    locationIds: [],
  });

  it("asks first, then shows the new link; the admin's own row has no reset, an invited user's says New link", async () => {
    const resetPassword = jest.fn(async () => ({ ok: true, message: "Pass them this link:", link: { ...LINK, email: "poster@test.example" } }));
    const confirm = jest.spyOn(window, "confirm").mockReturnValueOnce(false).mockReturnValueOnce(true);
    render(
      <UserAccessEditor
        users={[user(1, "admin@test.example", true), user(2, "poster@test.example", true), user(3, "invited@test.example", false)]}
        locations={LOCATIONS}
        roles={["Billing"]}
        save={jest.fn()}
        resetPassword={resetPassword}
        viewerId={1}
      />,
    );
    expect(within(screen.getByRole("row", { name: "admin@test.example" })).queryByRole("button", { name: "Reset password" })).toBeNull();
    const invited = screen.getByRole("row", { name: "invited@test.example" });
    expect(within(invited).getByText("No password yet")).toBeInTheDocument();
    expect(within(invited).getByRole("button", { name: "New link" })).toBeInTheDocument();
    expect(screen.getByRole("columnheader", { name: "Actions" })).toBeInTheDocument();

    const row = screen.getByRole("row", { name: "poster@test.example" });
    await userEvent.click(within(row).getByRole("button", { name: "Reset password" }));
    expect(resetPassword).not.toHaveBeenCalled();
    await userEvent.click(within(row).getByRole("button", { name: "Reset password" }));
    expect(confirm).toHaveBeenLastCalledWith(expect.stringContaining("Reset poster@test.example's password?"));
    expect(resetPassword).toHaveBeenCalledWith({ userId: 2 });
    expect(await within(row).findByLabelText("Set-password link for poster@test.example")).toHaveValue(
      `http://localhost/set-password/${"a".repeat(43)}`,
    );
    confirm.mockRestore();
  });
});
