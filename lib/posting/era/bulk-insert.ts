import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";

/*
 * Thousands of rows in one statement: the rows travel as one JSON parameter and PostgreSQL
 * unpacks them with json_to_recordset. Profiled on a 10,000-claim check: ORM multi-row
 * inserts spent about 4 s building and binding 16 parameters a row for the payments alone,
 * where this takes a fraction of the database's own 0.5 s. The same text works on both
 * drivers (pg and PGlite), and needs no chunking under the 65,535-parameter limit.
 */

/** A column of the insert: its name in the table and in the JSON rows, and the type JSON text is read as. */
export type BulkColumn = readonly [name: string, type: string];

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export async function insertRows(
  tx: Database,
  table: string,
  columns: readonly BulkColumn[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  // Names and types are the caller's constants, never input: checked, then written into the SQL.
  for (const name of [table, ...columns.flat()]) {
    if (!IDENTIFIER.test(name)) throw new Error(`bulk insert: "${name}" is not a plain identifier`);
  }
  const names = columns.map(([name]) => name).join(", ");
  const record = columns.map(([name, type]) => `${name} ${type}`).join(", ");
  await queryRows(
    tx,
    sql`insert into ${sql.raw(table)} (${sql.raw(names)})
        select ${sql.raw(names)} from json_to_recordset(${JSON.stringify(rows)}::json) as r(${sql.raw(record)})`,
  );
}
