import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { ReportVariant } from "@/lib/access/permissions";
import type { Viewer } from "@/lib/access/viewer";
import { sqlList } from "@/lib/reports/toolkit/sql";
import { GROUP_KEYS, groupDirection } from "./group-keys-sql";
import { BATCH_NUMBER } from "./payment-sql";
import { balancingScope } from "./scope";
import { reportCte } from "./scoped-sql";
import { PATH_SEPARATOR, type PaymentBalancingQuery } from "./search-params";

export interface GroupSqlOptions {
  /** Every level of every group (exports), instead of only the levels under `open=` paths. */
  expandAll?: boolean;
}

/**
 * The grand total (level 0) and the group rows the grid shows, from one ROLLUP: level 1
 * always, a deeper level only under an open parent path.
 */
export function paymentBalancingGroupsSql(
  viewer: Viewer,
  variant: ReportVariant,
  query: PaymentBalancingQuery,
  options: GroupSqlOptions = {},
): SQL {
  const scope = balancingScope(viewer, variant, query.locations);
  const groups = query.groups;
  const sums = sql`count(*)::int as "paymentCount",
      coalesce(sum(s.amount_cents), 0)::bigint as "amountCents",
      coalesce(sum(s.applied_cents), 0)::bigint as "appliedCents",
      coalesce(sum(s.unapplied_cents), 0)::bigint as "unappliedCents"`;
  if (groups.length === 0) {
    return sql`with ${reportCte(scope, query)}
      select 0 as level, '' as path, '' as label, ${sums} from scoped s`;
  }
  const keyed = groups.map(
    (g, i) => sql`${GROUP_KEYS[g].key} as k${sql.raw(String(i + 1))}, ${GROUP_KEYS[g].label} as l${sql.raw(String(i + 1))},
                  ${GROUP_KEYS[g].order} as o${sql.raw(String(i + 1))}`,
  );
  const n = groups.length;
  const ks = Array.from({ length: n }, (_, i) => sql.raw(`k${i + 1}`));
  const rollupItems = Array.from({ length: n }, (_, i) => sql.raw(`(k${i + 1}, l${i + 1}, o${i + 1})`));
  // Keys are never null (patient payments have the key "patient"), so a null key means rolled up.
  const level = sql.join(
    ks.map((k) => sql`(${k} is not null)::int`),
    sql` + `,
  );
  const parentPath =
    n === 1
      ? sql`''`
      : sql`case level ${sql.join(
    Array.from({ length: n - 1 }, (_, i) => sql`when ${i + 2} then concat_ws(${PATH_SEPARATOR}, ${sql.join(ks.slice(0, i + 1), sql`, `)})`),
    sql` `,
  )} else '' end`;
  const label = sql`coalesce(${sql.join(
    Array.from({ length: n }, (_, i) => sql.raw(`l${n - i}`)),
    sql`, `,
  )}, '')`;
  const visible = options.expandAll
    ? sql`true`
    : query.open.length > 0
      ? sql`(level <= 1 or ${parentPath} in (${sqlList(query.open)}))`
      : sql`level <= 1`;
  // Depth first: a rolled-up (null) key sorts before the keys under it, so a parent precedes its children.
  const order = groups.map((g, i) => {
    const dir = groupDirection(g, query.sort);
    return sql`${sql.raw(`o${i + 1}`)} ${dir} nulls first, ${sql.raw(`k${i + 1}`)} ${dir} nulls first`;
  });
  // Payments are first summed by the columns the groups read (ids, dates, enums); only those
  // sums, a few thousand at most in a month, get names and text keys and are rolled up.
  // Comparing every payment's text keys took most of the query.
  const leafColumns = sql.raw([...new Set(groups.flatMap((g) => GROUP_KEYS[g].columns))].map((c) => `s.${c}`).join(", "));
  const nameJoins = [
    groups.includes("poster") ? sql`join app_user u on u.practice_id = ${scope.practiceId} and u.id = s.posted_by` : sql``,
    groups.includes("location") ? sql`join location l on l.practice_id = ${scope.practiceId} and l.id = s.location_id` : sql``,
  ];
  return sql`with ${reportCte(scope, query)},
    leaves as (
      select ${leafColumns}, count(*) as payments, sum(s.amount_cents) as amount_cents,
             sum(s.applied_cents) as applied_cents, sum(s.unapplied_cents) as unapplied_cents
      from scoped s
      group by ${leafColumns}
    ),
    keyed as (
      select s.*, ${sql.join(keyed, sql`, `)}
      from (select s.* ${groups.includes("batch") ? sql`, ${BATCH_NUMBER} as batch_number` : sql``} from leaves s) s
      ${sql.join(nameJoins, sql` `)}
    ),
    rolled as (
      select ${sql.join(ks, sql`, `)}, ${label} as label, ${sql.join(
        Array.from({ length: n }, (_, i) => sql.raw(`o${i + 1}`)),
        sql`, `,
      )},
        coalesce(sum(s.payments), 0)::int as "paymentCount",
        coalesce(sum(s.amount_cents), 0)::bigint as "amountCents",
        coalesce(sum(s.applied_cents), 0)::bigint as "appliedCents",
        coalesce(sum(s.unapplied_cents), 0)::bigint as "unappliedCents"
      from keyed s
      group by rollup(${sql.join(rollupItems, sql`, `)})
    ),
    levelled as (select r.*, ${level} as level from rolled r)
    select level, concat_ws(${PATH_SEPARATOR}, ${sql.join(ks, sql`, `)}) as path, label,
           "paymentCount", "amountCents", "appliedCents", "unappliedCents"
    from levelled
    where ${visible}
    order by level = 0, ${sql.join(order, sql`, `)}, path`;
}
