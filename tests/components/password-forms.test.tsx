/** @jest-environment jsdom */
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ChangePasswordForm } from "@/components/account/ChangePasswordForm";
import { SetPasswordForm } from "@/components/account/SetPasswordForm";

async function typeNew(password: string, repeat = password) {
  await userEvent.type(screen.getByLabelText("New password"), password);
  await userEvent.type(screen.getByLabelText("Repeat the new password"), repeat);
}

describe("Set your password", () => {
  it("says the length rule and a mistyped repetition without sending", async () => {
    const setPassword = jest.fn();
    render(<SetPasswordForm email="new@test.example" setPassword={setPassword} />);
    expect(screen.getByLabelText("New password")).toHaveAccessibleDescription(/At least 12 characters/);
    await typeNew("short pass");
    await userEvent.click(screen.getByRole("button", { name: "Set password" }));
    expect(screen.getByRole("alert")).toHaveTextContent("The password must be at least 12 characters long.");
    await userEvent.clear(screen.getByLabelText("New password"));
    await userEvent.clear(screen.getByLabelText("Repeat the new password"));
    await typeNew("plain words only", "plain words onIy");
    await userEvent.click(screen.getByRole("button", { name: "Set password" }));
    expect(screen.getByRole("alert")).toHaveTextContent("The two new passwords differ.");
    expect(setPassword).not.toHaveBeenCalled();
  });

  it("sends the password, shows the server's refusal, and on success links to sign-in", async () => {
    const setPassword = jest
      .fn()
      .mockResolvedValueOnce({ ok: false, message: "That password is on a list of commonly used passwords. Choose another." })
      .mockResolvedValueOnce({ ok: true, message: "Your password is set. Sign in as new@test.example with it." });
    render(<SetPasswordForm email="new@test.example" setPassword={setPassword} />);
    await typeNew("qwerty123456");
    await userEvent.click(screen.getByRole("button", { name: "Set password" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("commonly used passwords");
    await userEvent.clear(screen.getByLabelText("New password"));
    await userEvent.clear(screen.getByLabelText("Repeat the new password"));
    await typeNew("plain words only");
    await userEvent.click(screen.getByRole("button", { name: "Set password" }));
    expect(setPassword).toHaveBeenLastCalledWith("plain words only");
    expect(await screen.findByRole("status")).toHaveTextContent("Your password is set.");
    expect(screen.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/sign-in");
  });
});

describe("Change your password", () => {
  it("needs the current password, sends both, and says to sign in again", async () => {
    const changePassword = jest
      .fn()
      .mockResolvedValueOnce({ ok: false, message: "Your current password is not correct." })
      .mockResolvedValueOnce({ ok: true, message: "Your password is changed, and every session of yours has ended." });
    render(<ChangePasswordForm email="poster@test.example" changePassword={changePassword} />);
    await typeNew("a brand new passphrase");
    await userEvent.click(screen.getByRole("button", { name: "Change password" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Enter your current password.");
    expect(changePassword).not.toHaveBeenCalled();

    await userEvent.type(screen.getByLabelText("Current password"), "wrong one");
    await userEvent.click(screen.getByRole("button", { name: "Change password" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Your current password is not correct.");
    await userEvent.clear(screen.getByLabelText("Current password"));
    await userEvent.type(screen.getByLabelText("Current password"), "the right one");
    await userEvent.click(screen.getByRole("button", { name: "Change password" }));
    expect(changePassword).toHaveBeenLastCalledWith({ currentPassword: "the right one", newPassword: "a brand new passphrase" });
    expect(await screen.findByRole("status")).toHaveTextContent("every session of yours has ended");
    expect(screen.getByRole("link", { name: "Sign in again" })).toHaveAttribute("href", "/sign-in");
  });
});
