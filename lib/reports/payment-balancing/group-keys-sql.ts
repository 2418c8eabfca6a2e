import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { SortColumn } from "./columns";
import { PATH_SEPARATOR, PATIENT_PAYER, type GroupDimension, type SortSpec } from "./search-params";

/**
 * The key (what `open=` and the drill-down filter hold) and label of a group dimension, and the
 * columns of `scoped` they are computed from (`s`, with poster `u` and location `l`).
 */
interface GroupKey {
  key: SQL;
  label: SQL;
  order: SQL;
  sort: SortColumn;
  columns: readonly string[];
}

export const GROUP_KEYS: Readonly<Record<GroupDimension, GroupKey>> = {
  poster: { key: sql`s.posted_by::text`, label: sql`u.name`, order: sql`u.name`, sort: "poster", columns: ["posted_by"] },
  deposit_date: {
    key: sql`to_char(s.deposit_date, 'YYYY-MM-DD')`,
    label: sql`to_char(s.deposit_date, 'YYYY-MM-DD')`,
    order: sql`to_char(s.deposit_date, 'YYYY-MM-DD')`,
    sort: "deposit_date",
    columns: ["deposit_date"],
  },
  posting_date: {
    key: sql`to_char(s.posting_date, 'YYYY-MM-DD')`,
    label: sql`to_char(s.posting_date, 'YYYY-MM-DD')`,
    order: sql`to_char(s.posting_date, 'YYYY-MM-DD')`,
    sort: "posted_at",
    columns: ["posting_date"],
  },
  location: { key: sql`s.location_id::text`, label: sql`l.name`, order: sql`l.name`, sort: "location", columns: ["location_id"] },
  payer: {
    key: sql`coalesce(s.payer_id::text, ${PATIENT_PAYER})`,
    label: sql`coalesce(s.payer_name, 'Patient payments')`,
    // Patient payments come after the payers.
    order: sql`coalesce(s.payer_name, '~')`,
    sort: "payer",
    columns: ["payer_id", "payer_name"],
  },
  payer_type: {
    key: sql`coalesce(s.payer_type::text, ${PATIENT_PAYER})`,
    label: sql`coalesce(s.payer_type::text, ${PATIENT_PAYER})`,
    order: sql`coalesce(s.payer_type::text, ${PATIENT_PAYER})`,
    sort: "payer_type",
    columns: ["payer_type"],
  },
  method: { key: sql`s.method::text`, label: sql`s.method::text`, order: sql`s.method::text`, sort: "method", columns: ["method"] },
  source: { key: sql`s.source::text`, label: sql`s.source::text`, order: sql`s.source::text`, sort: "source", columns: ["source"] },
  // Summed by batch id: its number is looked up per group (see paymentBalancingGroupsSql), so a
  // month's payments do not join all of the practice's batches.
  batch: { key: sql`s.batch_number`, label: sql`s.batch_number`, order: sql`s.batch_number`, sort: "batch", columns: ["practice_id", "batch_id"] },
};

/** A group level's order: the direction the URL sorts that dimension's column, else ascending. */
export function groupDirection(dimension: GroupDimension, sort: readonly SortSpec[]): SQL {
  const spec = sort.find((s) => s.column === GROUP_KEYS[dimension].sort);
  return spec?.direction === "desc" ? sql`desc` : sql`asc`;
}

export function pathExpression(groups: readonly GroupDimension[]): SQL {
  return sql`concat_ws(${PATH_SEPARATOR}, ${sql.join(
    groups.map((g) => GROUP_KEYS[g].key),
    sql`, `,
  )})`;
}
