"use server";

import { revalidatePath } from "next/cache";
import { AccessDenied } from "@/lib/access/viewer";
import { userAccessChange } from "@/lib/admin/user-access-schema";
import { changeUserAccess, InvalidUserChange, UserNotFound } from "@/lib/admin/users";
import { asViewer } from "@/lib/http/viewer-action";

export interface SaveResult {
  ok: boolean;
  message: string;
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
    {
      signedOut: { ok: false, message: "Your session has ended. Sign in again." },
      refusal: (error) => {
        if (error instanceof AccessDenied) return { ok: false, message: "Only a Billing Admin can change users." };
        if (error instanceof UserNotFound || error instanceof InvalidUserChange) return { ok: false, message: error.message };
        return null;
      },
    },
  );
}
