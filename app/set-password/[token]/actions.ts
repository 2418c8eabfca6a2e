"use server";

import { z } from "zod";
import { getDb } from "@/db/app-database";
import { LINK_TOKEN_PATTERN } from "@/lib/auth/password-link-path";
import { RefusedPassword, setPasswordFromLink, UnusableLink } from "@/lib/auth/set-password";

const input = z.object({ token: z.string().regex(LINK_TOKEN_PATTERN), password: z.string().max(1000) });

/**
 * Public: the link's token is the only credential. The data layer checks it, the policy and
 * the link's state; a refusal is the form's message, never an error page.
 */
export async function setPasswordAction(token: unknown, password: unknown): Promise<{ ok: boolean; message: string }> {
  const parsed = input.safeParse({ token, password });
  if (!parsed.success) return { ok: false, message: "This link cannot be read. Check that it was copied whole." };
  try {
    const { email } = await setPasswordFromLink(await getDb(), parsed.data.token, parsed.data.password);
    return { ok: true, message: `Your password is set. Sign in as ${email} with it.` };
  } catch (error) {
    if (error instanceof UnusableLink || error instanceof RefusedPassword) return { ok: false, message: error.message };
    throw error;
  }
}
