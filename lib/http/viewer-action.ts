import "server-only";
import { getDb } from "@/db/app-database";
import type { Database } from "@/db/client";
import type { Viewer } from "@/lib/access/viewer";
import { currentViewer } from "@/lib/auth/session";

/*
 * The opening every server action shares, written once: who is asking, an answer instead of
 * a throw when nobody is, then the action on the primary database. A server action is a
 * public endpoint, so the data layer it calls checks permission and every input itself;
 * `refusal` turns that layer's own errors into the answer the form shows, and anything else
 * is a failure Next.js reports.
 */
export async function asViewer<Answer>(
  run: (db: Database, viewer: Viewer) => Promise<Answer>,
  options: { signedOut: Answer; refusal: (error: unknown) => Answer | null },
): Promise<Answer> {
  const viewer = await currentViewer();
  if (!viewer) return options.signedOut;
  try {
    return await run(await getDb(), viewer);
  } catch (error) {
    const refused = options.refusal(error);
    if (refused !== null) return refused;
    throw error;
  }
}
