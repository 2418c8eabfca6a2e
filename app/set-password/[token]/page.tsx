import type { Metadata } from "next";
import { SetPasswordForm } from "@/components/account/SetPasswordForm";
import { getDb } from "@/db/app-database";
import { LINK_TOKEN_PATTERN, setPasswordPath } from "@/lib/auth/password-link-path";
import { describeLink } from "@/lib/auth/set-password";
import { redirectOnOutage } from "@/lib/http/outage-page";
import { setPasswordAction } from "./actions";

// The token is in the path: no other site may learn it from a Referer header.
export const metadata: Metadata = { title: "Set your password · Payment Balancing", referrer: "no-referrer", robots: "noindex" };

async function linkOf(token: string) {
  if (!LINK_TOKEN_PATTERN.test(token)) {
    return { usable: false as const, message: "This link cannot be read. Check that it was copied whole." };
  }
  try {
    return await describeLink(await getDb(), token);
  } catch (error) {
    // No session, so no viewer lookup met the outage first: this page sends it to the 503 page itself.
    redirectOnOutage("set-password", error, setPasswordPath(token));
    throw error;
  }
}

export default async function SetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await linkOf(token);
  return (
    <section className="sign-in">
      <h1>Set your password</h1>
      {link.usable ? (
        <>
          <p>
            {link.purpose === "invite" ? `Welcome, ${link.name}.` : `${link.name}, your password was reset.`} Choose a
            password for <strong>{link.email}</strong>.
          </p>
          <SetPasswordForm email={link.email} setPassword={setPasswordAction.bind(null, token)} />
        </>
      ) : (
        <p role="alert" className="form-error">
          {link.message}
        </p>
      )}
    </section>
  );
}
