"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/app-database";
import { AccessDenied } from "@/lib/access/viewer";
import { userAccessChange } from "@/lib/admin/user-access-schema";
import { changeUserAccess, InvalidUserChange, UserNotFound } from "@/lib/admin/users";
import { currentViewer } from "@/lib/auth/session";

export interface SaveResult {
  ok: boolean;
  message: string;
}

export async function saveUserAccess(input: unknown): Promise<SaveResult> {
  const viewer = await currentViewer();
  if (!viewer) return { ok: false, message: "Your session has ended. Sign in again." };
  const parsed = userAccessChange.safeParse(input);
  if (!parsed.success) return { ok: false, message: "That change could not be read. Reload the page and try again." };
  try {
    await changeUserAccess(await getDb(), viewer, parsed.data);
  } catch (error) {
    if (error instanceof AccessDenied) return { ok: false, message: "Only a Billing Admin can change users." };
    if (error instanceof UserNotFound || error instanceof InvalidUserChange) return { ok: false, message: error.message };
    throw error;
  }
  revalidatePath("/admin/users");
  return { ok: true, message: "Saved." };
}
