"use server";

import { z } from "zod";
import { changeOwnPassword } from "@/lib/auth/password-change";
import { RefusedPassword } from "@/lib/auth/set-password";
import { asViewer } from "@/lib/http/viewer-action";

const input = z.object({ currentPassword: z.string().max(1000), newPassword: z.string().max(1000) });

export async function changePasswordAction(change: unknown): Promise<{ ok: boolean; message: string }> {
  return asViewer(
    async (db, viewer) => {
      const parsed = input.safeParse(change);
      if (!parsed.success) return { ok: false, message: "That change could not be read. Reload the page and try again." };
      await changeOwnPassword(db, viewer, parsed.data);
      return { ok: true, message: "Your password is changed, and every session of yours has ended. Sign in again with it." };
    },
    {
      signedOut: { ok: false, message: "Your session has ended. Sign in again." },
      refusal: (error) => (error instanceof RefusedPassword ? { ok: false, message: error.message } : null),
    },
  );
}
