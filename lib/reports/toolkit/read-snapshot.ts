import "server-only";
import type { Database } from "@/db/client";

/*
 * A report read in several statements runs them in one read-only repeatable-read transaction:
 * they see one snapshot, so its header, groups, rows and totals agree while others post.
 */
export function inReadSnapshot<T>(db: Database, work: (tx: Database) => Promise<T>): Promise<T> {
  return db.transaction((tx) => work(tx as unknown as Database), {
    isolationLevel: "repeatable read",
    accessMode: "read only",
  });
}
