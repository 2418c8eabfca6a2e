import { redirect } from "next/navigation";
import { ChangePasswordForm } from "@/components/account/ChangePasswordForm";
import { currentViewer } from "@/lib/auth/session";
import { changePasswordAction } from "./actions";

export const metadata = { title: "Password · Payment Balancing" };

/** Every signed-in user may change their own password, whatever their roles: no permission to check. */
export default async function ChangePasswordPage() {
  const viewer = await currentViewer();
  if (!viewer) redirect(`/sign-in?callbackUrl=${encodeURIComponent("/account/password")}`);
  return (
    <section className="sign-in">
      <h1>Change your password</h1>
      <p className="muted">Passwords do not expire: change yours when you think someone else may know it.</p>
      <ChangePasswordForm email={viewer.email} changePassword={changePasswordAction} />
    </section>
  );
}
