"use server";

import { revalidatePath } from "next/cache";
import { AccessDenied } from "@/lib/access/viewer";
import { logLinkInDevelopment } from "@/lib/admin/link-log";
import { inviteUser, resetPassword, type IssuedLink } from "@/lib/admin/password-links";
import { userAccessChange } from "@/lib/admin/user-access-schema";
import { passwordReset, userInvitation } from "@/lib/admin/user-invite-schema";
import { changeUserAccess, InvalidUserChange, UserNotFound } from "@/lib/admin/users";
import { asViewer } from "@/lib/http/viewer-action";

export interface SaveResult {
  ok: boolean;
  message: string;
}

/** A link for the admin to pass on: its path (the page adds the origin it is served from) and expiry. */
export interface LinkResult extends SaveResult {
  link?: { email: string; path: string; expiresAt: string };
}

const SIGNED_OUT = { ok: false, message: "Your session has ended. Sign in again." };

function adminRefusal(error: unknown): SaveResult | null {
  if (error instanceof AccessDenied) return { ok: false, message: "Only a Billing Admin can change users." };
  if (error instanceof UserNotFound || error instanceof InvalidUserChange) return { ok: false, message: error.message };
  return null;
}

function linkResult(message: string, link: IssuedLink): LinkResult {
  return { ok: true, message, link: { email: link.email, path: link.path, expiresAt: link.expiresAt.toISOString() } };
}

export async function saveUserAccess(input: unknown): Promise<SaveResult> {
  return asViewer(
    async (db, viewer): Promise<SaveResult> => {
      const parsed = userAccessChange.safeParse(input);
      if (!parsed.success) return { ok: false, message: "That change could not be read. Reload the page and try again." };
      await changeUserAccess(db, viewer, parsed.data);
      revalidatePath("/admin/users");
      return { ok: true, message: "Saved." };
    },
    { signedOut: SIGNED_OUT, refusal: adminRefusal },
  );
}

export async function inviteUserAction(input: unknown): Promise<LinkResult> {
  return asViewer(
    async (db, viewer): Promise<LinkResult> => {
      const parsed = userInvitation.safeParse(input);
      if (!parsed.success) return { ok: false, message: parsed.error.issues[0]!.message };
      const link = await inviteUser(db, viewer, parsed.data);
      logLinkInDevelopment(link, "invite");
      revalidatePath("/admin/users");
      return linkResult(`Invited ${link.email}. Pass them this link to set their password:`, link);
    },
    { signedOut: SIGNED_OUT, refusal: adminRefusal },
  );
}

export async function resetPasswordAction(input: unknown): Promise<LinkResult> {
  return asViewer(
    async (db, viewer): Promise<LinkResult> => {
      const parsed = passwordReset.safeParse(input);
      if (!parsed.success) return { ok: false, message: "That user could not be read. Reload the page and try again." };
      const link = await resetPassword(db, viewer, parsed.data.userId);
      logLinkInDevelopment(link, "reset");
      revalidatePath("/admin/users");
      return linkResult(
        `${link.email}'s password no longer works and their sessions have ended. Pass them this link to set a new one:`,
        link,
      );
    },
    { signedOut: SIGNED_OUT, refusal: adminRefusal },
  );
}
