import "server-only";
import { getServerSession } from "next-auth";
import { getDb } from "@/db/app-database";
import { loadViewer, type Viewer } from "@/lib/access/viewer";
import { authOptions } from "./options";

/** The signed-in user as the database knows them now, or null when signed out or disabled. */
export async function currentViewer(): Promise<Viewer | null> {
  const session = await getServerSession(authOptions);
  const { userId, practiceId } = (session ?? {}) as { userId?: number; practiceId?: number };
  if (typeof userId !== "number" || typeof practiceId !== "number") return null;
  return loadViewer(await getDb(), userId, practiceId);
}
