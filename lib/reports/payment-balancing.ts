import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { permissionForVariant, type ReportVariant } from "@/lib/access/permissions";
import { AccessDenied, requirePermission, type Viewer } from "@/lib/access/viewer";
import { postingInstantRange } from "@/lib/dates";
import {
  PAYMENT_COLUMNS,
  type BalancingGlance,
  type BalancingGlanceRow,
  type PaymentBalancingGroupRow,
  type PaymentBalancingRow,
  type PaymentLineRow,
  type SortColumn,
} from "./payment-balancing-columns";
import {
  PATH_SEPARATOR,
  PATIENT_PAYER,
  type GroupDimension,
  type PaymentBalancingQuery,
  type SortSpec,
} from "./payment-balancing-query";
import { inReadSnapshot } from "./read-snapshot";

/*
 * Payment Balancing: every payment posted at the practice in the range, from every source.
 *
 * Scope is applied here, whatever the caller checked before: the viewer's practice; the
 * variant (standard leaves out payments posted by RCM staff, Full Access keeps them); and for
 * a location-restricted viewer, only their locations, in every row and total. Grouping,
 * subtotals and totals are computed by PostgreSQL (ROLLUP), never added up in JavaScript.
 *
 * "Unbalanced" (unbalanced=1) keeps a payment when its unapplied amount is not 0, or when its
 * batch has a control total that differs from the batch's posted total. The batch posted total
 * is the sum of all the batch's payments the viewer may see (practice, variant, locations),
 * whatever the report's date and other filters, because the deposit slip covers the whole
 * batch. A batch without a control total (ERA and EMR-integration batches) has nothing to
 * balance against, so only its payments' unapplied amounts can make it unbalanced.
 */

export interface BalancingScope {
  practiceId: number;
  timezone: string;
  variant: ReportVariant;
  /** The only locations the viewer may see, or null for all of the practice's. */
  locationIds: number[] | null;
}

/** Checks the viewer may run this variant for these locations; throws AccessDenied otherwise. */
export function balancingScope(viewer: Viewer, variant: ReportVariant, requestedLocations: readonly number[] = []): BalancingScope {
  requirePermission(viewer, permissionForVariant(variant));
  if (viewer.locationRestricted) {
    const denied = requestedLocations.filter((id) => !viewer.locationIds.includes(id));
    if (denied.length > 0) {
      throw new AccessDenied(`You may run Payment Balancing only for your EMR locations (not location ${denied.join(", ")}).`);
    }
  }
  return {
    practiceId: viewer.practiceId,
    timezone: viewer.timezone,
    variant,
    locationIds: viewer.locationRestricted ? [...viewer.locationIds] : null,
  };
}

function list(values: ReadonlyArray<string | number>): SQL {
  return sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  );
}

function and(conditions: readonly SQL[]): SQL {
  return conditions.length === 0 ? sql`true` : sql.join([...conditions], sql` and `);
}

/** Practice, variant and location scope of payment `alias` (posted by app_user `posterAlias`). */
function accessConditions(scope: BalancingScope, alias: string, posterAlias: string): SQL[] {
  const p = sql.raw(alias);
  const conditions = [sql`${p}.practice_id = ${scope.practiceId}`];
  if (scope.variant === "standard") conditions.push(sql`not ${sql.raw(posterAlias)}.is_rcm_staff`);
  if (scope.locationIds !== null) {
    conditions.push(scope.locationIds.length === 0 ? sql`false` : sql`${p}.location_id in (${list(scope.locationIds)})`);
  }
  return conditions;
}

/**
 * The report's date range on `alias`: payment, or payment_applied, which carries the same
 * deposit date and posting time so both sides of their join read only the range.
 */
function dateRange(scope: BalancingScope, query: PaymentBalancingQuery, alias: "p" | "pa"): SQL {
  const t = sql.raw(alias);
  if (query.by === "deposit") return sql`${t}.deposit_date between ${query.from}::date and ${query.to}::date`;
  // Half-open UTC instants, so the posted_at indexes serve the range.
  const range = postingInstantRange(query.from, query.to, scope.timezone);
  return sql`${t}.posted_at >= ${range.startUtc}::timestamptz and ${t}.posted_at < ${range.endUtcExclusive}::timestamptz`;
}

/** The report's own filters on payment `p` (batch `b`, payer `py`). */
function reportConditions(scope: BalancingScope, query: PaymentBalancingQuery): SQL[] {
  const conditions: SQL[] = [dateRange(scope, query, "p")];
  const postingDate = sql`(p.posted_at at time zone ${scope.timezone})::date`;
  if (query.locations.length > 0) conditions.push(sql`p.location_id in (${list(query.locations)})`);
  if (query.posters.length > 0) conditions.push(sql`p.posted_by in (${list(query.posters)})`);
  if (query.payers.length > 0) {
    const ids = query.payers.filter((payer): payer is number => payer !== PATIENT_PAYER);
    const either: SQL[] = [];
    if (ids.length > 0) either.push(sql`p.payer_id in (${list(ids)})`);
    if (query.payers.includes(PATIENT_PAYER)) either.push(sql`p.payer_id is null`);
    conditions.push(sql`(${sql.join(either, sql` or `)})`);
  }
  if (query.payerTypes.length > 0) {
    conditions.push(sql`coalesce(py.payer_type::text, ${PATIENT_PAYER}) in (${list(query.payerTypes)})`);
  }
  if (query.methods.length > 0) conditions.push(sql`p.method::text in (${list(query.methods)})`);
  if (query.sources.length > 0) conditions.push(sql`p.source::text in (${list(query.sources)})`);
  if (query.batches.length > 0) conditions.push(sql`b.batch_number in (${list(query.batches)})`);
  if (query.refs.length > 0) conditions.push(sql`p.reference_number in (${list(query.refs)})`);
  if (query.depositDates.length > 0) conditions.push(sql`p.deposit_date in (${list(query.depositDates)})`);
  if (query.postingDates.length > 0) conditions.push(sql`${postingDate} in (${list(query.postingDates)})`);
  if (query.minCents !== null) conditions.push(sql`p.amount_cents >= ${query.minCents}`);
  if (query.maxCents !== null) conditions.push(sql`p.amount_cents <= ${query.maxCents}`);
  return conditions;
}

/**
 * `candidate`: the payments in scope that pass `conditions`, each with its applied amount
 * from payment_applied (kept by triggers, migration 0003). `appliedRange` narrows
 * payment_applied to the same dates as the payments, so PostgreSQL reads the range from
 * both tables and hash-joins them instead of looking up each payment's row.
 * `batch_balance` (when asked for): each of their batches' posted total within scope.
 * `scoped`: the result, with `unbalanced=1` applied.
 *
 * Batch, payer and payment_applied are LEFT joins although every payment has a batch and
 * an applied row: PostgreSQL drops a left join to a unique key whose columns a query never
 * reads, so totals and groups that need no batch column do not hash all of the practice's
 * batches; and a payment whose applied row were missing would still count, as unapplied.
 */
function scopedCte(
  scope: BalancingScope,
  conditions: SQL[],
  options: { appliedRange: SQL; unbalanced: boolean; batchBalance: boolean },
): SQL {
  const candidate = sql`candidate as (
      select p.practice_id, p.id, p.batch_id, p.posted_by, p.location_id, p.payer_id, p.patient_id, p.method, p.reference_number,
             p.amount_cents, p.deposit_date, p.posted_at, p.source, p.reverses_payment_id,
             (p.posted_at at time zone ${scope.timezone})::date as posting_date,
             b.batch_number, b.control_total_cents, py.payer_type, py.name as payer_name,
             coalesce(pa.applied_cents, 0)::bigint as applied_cents
      from payment p
      join app_user poster on poster.practice_id = p.practice_id and poster.id = p.posted_by
      left join batch b on b.practice_id = p.practice_id and b.id = p.batch_id
      left join payer py on py.practice_id = p.practice_id and py.id = p.payer_id
      left join payment_applied pa on pa.practice_id = p.practice_id and pa.payment_id = p.id and ${options.appliedRange}
      where ${and([...accessConditions(scope, "p", "poster"), ...conditions])}
    )`;
  if (!options.unbalanced && !options.batchBalance) {
    return sql`${candidate},
      scoped as (
        select c.*, c.amount_cents - c.applied_cents as unapplied_cents, null::bigint as batch_posted_cents from candidate c
      )`;
  }
  const batchBalance = sql`batch_balance as (
      select bp.batch_id, sum(bp.amount_cents)::bigint as batch_posted_cents
      from payment bp
      join app_user bu on bu.practice_id = bp.practice_id and bu.id = bp.posted_by
      where ${and(accessConditions(scope, "bp", "bu"))} and bp.batch_id in (select distinct batch_id from candidate)
      group by bp.batch_id
    )`;
  const unbalanced = options.unbalanced
    ? sql`where c.amount_cents - c.applied_cents <> 0
             or (c.control_total_cents is not null and c.control_total_cents <> bb.batch_posted_cents)`
    : sql``;
  return sql`${candidate}, ${batchBalance},
    scoped as (
      select c.*, c.amount_cents - c.applied_cents as unapplied_cents, bb.batch_posted_cents
      from candidate c join batch_balance bb on bb.batch_id = c.batch_id
      ${unbalanced}
    )`;
}

function reportCte(scope: BalancingScope, query: PaymentBalancingQuery, batchBalance = false): SQL {
  return scopedCte(scope, reportConditions(scope, query), {
    appliedRange: dateRange(scope, query, "pa"),
    unbalanced: query.unbalanced,
    batchBalance,
  });
}

/*
 * Names from the two big lookup tables (a practice has hundreds of thousands of batches and
 * patients) are scalar subqueries: PostgreSQL evaluates them after the sort and limit, one
 * index lookup per row shown or exported, instead of hashing the whole table for a join.
 */
const PAYER_OR_PATIENT = sql`coalesce(s.payer_name, (
  select pt.last_name || ', ' || pt.first_name || ' (' || pt.mrn || ')' from patient pt
  where pt.practice_id = s.practice_id and pt.id = s.patient_id))`;
const BATCH_NUMBER = sql`(select bn.batch_number from batch bn where bn.practice_id = s.practice_id and bn.id = s.batch_id)`;

/** Each column of PaymentBalancingRow, over scoped payment `s`, its poster `u` and location `l`. */
const DETAIL_EXPRESSIONS: Readonly<Record<keyof PaymentBalancingRow, SQL>> = {
  id: sql`s.id`,
  depositDate: sql`to_char(s.deposit_date, 'YYYY-MM-DD')`,
  postedAt: sql`to_char(s.posted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  postingDate: sql`to_char(s.posting_date, 'YYYY-MM-DD')`,
  posterId: sql`s.posted_by`,
  poster: sql`u.name`,
  batchId: sql`s.batch_id`,
  batchNumber: BATCH_NUMBER,
  locationId: sql`s.location_id`,
  location: sql`l.name`,
  payerId: sql`s.payer_id`,
  patientId: sql`s.patient_id`,
  payerOrPatient: PAYER_OR_PATIENT,
  payerType: sql`coalesce(s.payer_type::text, ${PATIENT_PAYER})`,
  method: sql`s.method::text`,
  referenceNumber: sql`s.reference_number`,
  amountCents: sql`s.amount_cents::bigint`,
  appliedCents: sql`s.applied_cents::bigint`,
  unappliedCents: sql`s.unapplied_cents::bigint`,
  source: sql`s.source::text`,
  reversesPaymentId: sql`s.reverses_payment_id`,
};

function selectList(columns: ReadonlyArray<readonly [string, SQL]>): SQL {
  return sql.join(
    columns.map(([name, expression]) => sql`${expression} as ${sql.identifier(name)}`),
    sql`, `,
  );
}

const DETAIL_COLUMNS = selectList(Object.entries(DETAIL_EXPRESSIONS));

/*
 * An export reads only the columns a file shows (PAYMENT_COLUMNS), and the posting time as
 * milliseconds since the epoch: parsing every row's ids and an ISO string back into an instant
 * was a fifth of a month's CSV export.
 */
// floor, not a cast: to_char's MS in the grid truncates the microseconds, a cast would round them.
const POSTED_AT_EPOCH_MS = sql`floor(extract(epoch from s.posted_at) * 1000)::bigint`;

const EXPORT_COLUMNS = selectList([
  ["id", DETAIL_EXPRESSIONS.id],
  ["reversesPaymentId", DETAIL_EXPRESSIONS.reversesPaymentId],
  ...PAYMENT_COLUMNS.map(
    ({ key }) => [key, key === "postedAt" ? POSTED_AT_EPOCH_MS : DETAIL_EXPRESSIONS[key]] as const,
  ),
]);

function detailJoins(scope: BalancingScope): SQL {
  return sql`
    join app_user u on u.practice_id = ${scope.practiceId} and u.id = s.posted_by
    join location l on l.practice_id = ${scope.practiceId} and l.id = s.location_id`;
}

/** Dates and amounts sort by their values; names and enum words by what the grid shows. */
const SORT_EXPRESSIONS: Readonly<Record<SortColumn, SQL>> = {
  deposit_date: sql`s.deposit_date`,
  posted_at: sql`s.posted_at`,
  poster: DETAIL_EXPRESSIONS.poster,
  // The number the candidate's batch join reads, not the per-row lookup the grid selects.
  batch: sql`s.batch_number`,
  location: DETAIL_EXPRESSIONS.location,
  payer: DETAIL_EXPRESSIONS.payerOrPatient,
  payer_type: DETAIL_EXPRESSIONS.payerType,
  method: DETAIL_EXPRESSIONS.method,
  reference_number: DETAIL_EXPRESSIONS.referenceNumber,
  amount: sql`s.amount_cents`,
  applied: sql`s.applied_cents`,
  unapplied: sql`s.unapplied_cents`,
  source: DETAIL_EXPRESSIONS.source,
};

const DEFAULT_SORT: SortSpec[] = [
  { column: "deposit_date", direction: "asc" },
  { column: "posted_at", direction: "asc" },
];

function direction(spec: SortSpec): SQL {
  return spec.direction === "desc" ? sql`desc nulls last` : sql`asc nulls last`;
}

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

const GROUP_KEYS: Readonly<Record<GroupDimension, GroupKey>> = {
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
function groupDirection(dimension: GroupDimension, sort: readonly SortSpec[]): SQL {
  const spec = sort.find((s) => s.column === GROUP_KEYS[dimension].sort);
  return spec?.direction === "desc" ? sql`desc` : sql`asc`;
}

function pathExpression(groups: readonly GroupDimension[]): SQL {
  return sql`concat_ws(${PATH_SEPARATOR}, ${sql.join(
    groups.map((g) => GROUP_KEYS[g].key),
    sql`, `,
  )})`;
}

/** Payments in grid order: by the group levels (when grouped), then the URL's sort, then id. */
function detailOrder(query: PaymentBalancingQuery): SQL {
  // Label then key, exactly as the group rows are ordered, so each group's payments are contiguous
  // (two posters with one name stay apart) and an export can interleave them with their group rows.
  const groupOrder = query.groups.map((g) => {
    const dir = groupDirection(g, query.sort);
    return sql`${GROUP_KEYS[g].order} ${dir}, ${GROUP_KEYS[g].key} ${dir}`;
  });
  const sort = (query.sort.length > 0 ? query.sort : DEFAULT_SORT).map((spec) => sql`${SORT_EXPRESSIONS[spec.column]} ${direction(spec)}`);
  return sql.join([...groupOrder, ...sort, sql`s.id asc`], sql`, `);
}

export interface DetailSqlOptions {
  /** "export": only what a file shows, the posting time in epoch milliseconds (see EXPORT_COLUMNS). */
  columns?: "grid" | "export";
  /** Only these leaf groups' payments (paths of full depth), at most `perGroup` each. */
  leafPaths?: readonly string[];
  perGroup?: number;
  limit?: number;
  offset?: number;
}

/**
 * The SQL of the report's payments in grid order, with the columns of PaymentBalancingRow and
 * `groupPath` (or the export's columns). Without limits it is every payment of the result, which
 * exports stream. Throws AccessDenied like the report.
 */
export function paymentBalancingRowsSql(
  viewer: Viewer,
  variant: ReportVariant,
  query: PaymentBalancingQuery,
  options: DetailSqlOptions = {},
): SQL {
  const scope = balancingScope(viewer, variant, query.locations);
  const groupPath = query.groups.length > 0 ? pathExpression(query.groups) : sql`''`;
  const order = detailOrder(query);
  const leafPaths = options.leafPaths;
  const columns = options.columns === "export" ? EXPORT_COLUMNS : DETAIL_COLUMNS;
  if (leafPaths) {
    if (leafPaths.length === 0) return sql`select null where false`;
    return sql`with ${reportCte(scope, query)},
      detail as (
        select ${columns}, ${groupPath} as "groupPath",
               row_number() over (partition by ${groupPath} order by ${order}) as rank_in_group
        from scoped s ${detailJoins(scope)}
        where ${groupPath} in (${list(leafPaths)})
      )
      select * from detail where rank_in_group <= ${options.perGroup ?? Number.MAX_SAFE_INTEGER}
      order by "groupPath", rank_in_group`;
  }
  const limit = options.limit === undefined ? sql`` : sql`limit ${options.limit}`;
  const offset = options.offset === undefined ? sql`` : sql`offset ${options.offset}`;
  return sql`with ${reportCte(scope, query)}
    select ${columns}, ${groupPath} as "groupPath"
    from scoped s ${detailJoins(scope)}
    order by ${order}
    ${limit} ${offset}`;
}

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
      ? sql`(level <= 1 or ${parentPath} in (${list(query.open)}))`
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

export interface PaymentBalancingResult {
  grandTotal: PaymentBalancingGroupRow;
  /** Group rows (level ≥ 1) depth first, in display order; empty when ungrouped. */
  groups: PaymentBalancingGroupRow[];
  /** Ungrouped: the page of payments. Grouped: the first `size` payments of each open leaf group. */
  rows: Array<PaymentBalancingRow & { groupPath: string }>;
  page: { number: number; size: number; pageCount: number };
}

export interface PaymentBalancingOptions {
  /** Every payment of the result in grid order, unpaged (exports). */
  allRows?: boolean;
  /** Every group level, whatever `open=` says (exports). */
  expandAll?: boolean;
}

export async function paymentBalancing(
  db: Database,
  viewer: Viewer,
  variant: ReportVariant,
  query: PaymentBalancingQuery,
  options: PaymentBalancingOptions = {},
): Promise<PaymentBalancingResult> {
  const depth = query.groups.length;
  const openLeaves = new Set(query.open.filter((path) => path.split(PATH_SEPARATOR).length === depth));
  const listsPayments = options.allRows || depth === 0 || openLeaves.size > 0;
  const read = async (tx: Database): Promise<PaymentBalancingResult> => {
    const groupRows = await queryRows<PaymentBalancingGroupRow>(
      tx,
      paymentBalancingGroupsSql(viewer, variant, query, { expandAll: options.expandAll }),
    );
    const grandTotal = groupRows.find((row) => row.level === 0)!;
    const groups = groupRows.filter((row) => row.level > 0);
    const pageCount = Math.max(1, Math.ceil(grandTotal.paymentCount / query.size));
    const page = { number: query.page, size: query.size, pageCount };

    let rowsSql: SQL;
    if (options.allRows) {
      rowsSql = paymentBalancingRowsSql(viewer, variant, query);
    } else if (depth > 0) {
      const leafPaths = groups.filter((g) => g.level === depth && openLeaves.has(g.path)).map((g) => g.path);
      if (leafPaths.length === 0) return { grandTotal, groups, rows: [], page };
      rowsSql = paymentBalancingRowsSql(viewer, variant, query, { leafPaths, perGroup: query.size });
    } else {
      rowsSql = paymentBalancingRowsSql(viewer, variant, query, { limit: query.size, offset: (query.page - 1) * query.size });
    }
    const rows = await queryRows<PaymentBalancingRow & { groupPath: string; rank_in_group?: number }>(tx, rowsSql);
    return { grandTotal, groups, rows: rows.map(({ rank_in_group: _rank, ...row }) => row), page };
  };
  // One snapshot when payments are listed: an open group's count and sums match the payments
  // under it. Group rows alone are one statement, which is its own snapshot.
  return listsPayments ? inReadSnapshot(db, read) : read(db);
}

/**
 * Balancing at a glance for the same result: per poster, per batch and per day (the `by`
 * date), posted vs control total and unapplied. A batch's control total counts once per
 * poster and once per day it has payments in the result.
 *
 * The result's payments are read once: one GROUPING SETS pass folds them into (poster, batch),
 * (day, batch) and (batch) units, and only then are the batches themselves looked up, for
 * their control totals and posted totals in scope (a few thousand rows, not one per payment).
 *
 * A busy month has thousands of batches, so only the first `batchLimit` batch lines are
 * returned: those out of balance with their deposit slip first, then those with money left
 * unapplied, which is what the balancer has to look at. The counts cover every batch.
 */
export async function paymentBalancingGlance(
  db: Database,
  viewer: Viewer,
  variant: ReportVariant,
  query: PaymentBalancingQuery,
  options: { batchLimit?: number } = {},
): Promise<BalancingGlance> {
  const scope = balancingScope(viewer, variant, query.locations);
  const day = query.by === "deposit" ? sql`s.deposit_date` : sql`s.posting_date`;
  // grouping(): 1 for the (poster, batch) units, 2 for (day, batch), 3 for (batch).
  const summary = sql`
    sum(x.payments)::int as "paymentCount", sum(x.posted)::bigint as "postedCents", sum(x.unapplied)::bigint as "unappliedCents",
    sum(b.control)::bigint as "controlTotalCents",
    sum(b.control - b.batch_posted)::bigint as "differenceCents",
    count(*) filter (where b.control is not null and b.control <> b.batch_posted)::int as "unbalancedBatches"`;
  // A batch has one (batch) unit, so its line is that unit's row: the summary without the sums.
  const batchSummary = sql`
    x.payments as "paymentCount", x.posted as "postedCents", x.unapplied as "unappliedCents",
    b.control::bigint as "controlTotalCents", (b.control - b.batch_posted)::bigint as "differenceCents",
    (b.control is not null and b.control <> b.batch_posted)::int as "unbalancedBatches"`;
  // Out of balance with a deposit slip first, then unapplied money, then balanced (false < true).
  const urgency = sql`l."unbalancedBatches" = 0, l."unappliedCents" = 0, l."sortKey"`;
  const rows = await queryRows<BalancingGlanceRow & { sortKey: string; rank: number; batchCount: number; batchesNotBalanced: number }>(
    db,
    sql`with ${reportCte(scope, query)},
      units as materialized (
        select grouping(s.posted_by, ${day}) as kind, s.posted_by, ${day} as day, s.batch_id,
               count(*)::int as payments, sum(s.amount_cents)::bigint as posted, sum(s.unapplied_cents)::bigint as unapplied
        from scoped s
        group by grouping sets ((s.posted_by, s.batch_id), (${day}, s.batch_id), (s.batch_id))
      ),
      -- Materialized, so each batch's posted total is summed once, not once per unit that joins it.
      -- Only a batch with a control total needs it; ERA and EMR batches, about half, have none.
      batches as materialized (
        select b.id, b.batch_number, b.deposit_date, b.control_total_cents as control,
               case when b.control_total_cents is not null then
                 (select sum(bp.amount_cents)
                  from payment bp join app_user bu on bu.practice_id = bp.practice_id and bu.id = bp.posted_by
                  where ${and(accessConditions(scope, "bp", "bu"))} and bp.batch_id = b.id)
               end::bigint as batch_posted
        from units u join batch b on b.practice_id = ${scope.practiceId} and b.id = u.batch_id
        where u.kind = 3
      ),
      batch_lines as materialized (
        select 'batch' as kind, b.batch_number as key, b.batch_number || ' (' || to_char(b.deposit_date, 'YYYY-MM-DD') || ')' as label,
               b.batch_number as "sortKey", ${batchSummary}
        from units x join batches b on b.id = x.batch_id
        where x.kind = 3
      ),
      -- Only the first batch lines are sent, so a top-N sort picks them instead of ranking every batch.
      first_batches as (
        select l.*, row_number() over (order by ${urgency}) as rank
        from (select * from batch_lines l order by ${urgency} limit ${options.batchLimit ?? null}) l
      ),
      batch_counts as (
        select count(*)::int as "batchCount",
               count(*) filter (where not (l."unbalancedBatches" = 0 and l."unappliedCents" = 0))::int as "batchesNotBalanced"
        from batch_lines l
      ),
      lines as (
        select 'poster' as kind, x.posted_by::text as key, u.name as label, u.name as "sortKey", ${summary}, null::bigint as rank
        from units x join batches b on b.id = x.batch_id
        join app_user u on u.practice_id = ${scope.practiceId} and u.id = x.posted_by
        where x.kind = 1
        group by x.posted_by, u.name
        union all
        select 'day', to_char(x.day, 'YYYY-MM-DD'), to_char(x.day, 'YYYY-MM-DD'), to_char(x.day, 'YYYY-MM-DD'), ${summary}, null
        from units x join batches b on b.id = x.batch_id
        where x.kind = 2
        group by x.day
        union all
        select * from first_batches
      )
      select l.*, c."batchCount", c."batchesNotBalanced"
      from lines l cross join batch_counts c
      order by l.kind, l.rank, l."sortKey"`,
  );
  return {
    rows: rows.map(({ sortKey: _sortKey, rank: _rank, batchCount: _count, batchesNotBalanced: _notBalanced, ...row }) => row),
    batchCount: rows[0]?.batchCount ?? 0,
    batchesNotBalanced: rows[0]?.batchesNotBalanced ?? 0,
  };
}

export interface PaymentDrillDown {
  payment: PaymentBalancingRow;
  lines: PaymentLineRow[];
  /** The lines' sums, from SQL. */
  totals: Pick<PaymentLineRow, "billedCents" | "paidCents" | "adjustmentCents" | "patientRespCents">;
}

/** One payment and its lines by patient and CPT code, or null when it is out of scope. */
/*
 * A check paid at a viewer's location can pay charges at another. A location-restricted
 * viewer still sees every line, so the payment's lines add up to what it applied, but a
 * line for a charge at a location outside their scope does not name its patient.
 */
const OTHER_LOCATION_PATIENT = "Patient at another location";

/** The patient columns of a payment's lines, and their order: by patient, those not named last. */
function linePatient(scope: BalancingScope): { patient: SQL; mrn: SQL; order: SQL } {
  const patient = sql`pt.last_name || ', ' || pt.first_name`;
  if (scope.locationIds === null) return { patient, mrn: sql`pt.mrn`, order: sql`pt.last_name, pt.first_name` };
  const visible = scope.locationIds.length === 0 ? sql`false` : sql`c.location_id in (${list(scope.locationIds)})`;
  return {
    patient: sql`case when ${visible} then ${patient} else ${OTHER_LOCATION_PATIENT} end`,
    mrn: sql`case when ${visible} then pt.mrn else '' end`,
    order: sql`${visible} desc, case when ${visible} then pt.last_name end, case when ${visible} then pt.first_name end`,
  };
}

export async function paymentBalancingPayment(
  db: Database,
  viewer: Viewer,
  variant: ReportVariant,
  paymentId: number,
): Promise<PaymentDrillDown | null> {
  const scope = balancingScope(viewer, variant);
  const [payment] = await queryRows<PaymentBalancingRow>(
    db,
    sql`with ${scopedCte(scope, [sql`p.id = ${paymentId}`], { appliedRange: sql`true`, unbalanced: false, batchBalance: false })}
      select ${DETAIL_COLUMNS} from scoped s ${detailJoins(scope)}`,
  );
  if (!payment) return null;
  const named = linePatient(scope);
  const lines = await queryRows<PaymentLineRow>(
    db,
    sql`select pl.id, ${named.patient} as patient, ${named.mrn} as mrn,
               to_char(c.date_of_service, 'YYYY-MM-DD') as "dateOfService", c.cpt_code as "cptCode", c.modifiers, c.units,
               c.billed_cents as "billedCents", pl.paid_cents as "paidCents", pl.adjustment_cents as "adjustmentCents",
               pl.adjustment_reason as "adjustmentReason", pl.patient_resp_cents as "patientRespCents",
               p.reference_number as "referenceNumber"
        from payment_line pl
        join payment p on p.practice_id = pl.practice_id and p.id = pl.payment_id
        join charge c on c.practice_id = pl.practice_id and c.id = pl.charge_id
        join patient pt on pt.practice_id = c.practice_id and pt.id = c.patient_id
        where pl.payment_id = ${payment.id} and pl.practice_id = ${scope.practiceId}
        order by ${named.order}, c.date_of_service, c.cpt_code, pl.id`,
  );
  const [totals] = await queryRows<PaymentDrillDown["totals"]>(
    db,
    sql`select coalesce(sum(c.billed_cents), 0)::bigint as "billedCents", coalesce(sum(pl.paid_cents), 0)::bigint as "paidCents",
               coalesce(sum(pl.adjustment_cents), 0)::bigint as "adjustmentCents",
               coalesce(sum(pl.patient_resp_cents), 0)::bigint as "patientRespCents"
        from payment_line pl
        join charge c on c.practice_id = pl.practice_id and c.id = pl.charge_id
        where pl.payment_id = ${payment.id} and pl.practice_id = ${scope.practiceId}`,
  );
  return { payment, lines, totals: totals! };
}

export interface FilterOption {
  value: string;
  label: string;
}

export interface PaymentBalancingFilterOptions {
  locations: FilterOption[];
  posters: FilterOption[];
  payers: FilterOption[];
}

/**
 * The URL's locations, posters and payers that are not among the filter bar's choices (an id
 * mistyped in a link, a poster whose payments this variant leaves out): "Location 999". They
 * match no payment, and the page says so rather than leave an empty report unexplained.
 */
export function filtersOutsideChoices(query: PaymentBalancingQuery, options: PaymentBalancingFilterOptions): string[] {
  const outside = (name: string, values: ReadonlyArray<number | string>, choices: FilterOption[]) =>
    values.filter((value) => !choices.some((choice) => choice.value === String(value))).map((value) => `${name} ${value}`);
  return [
    ...outside("Location", query.locations, options.locations),
    ...outside("Poster", query.posters, options.posters),
    ...outside("Payer", query.payers, options.payers),
  ];
}

/**
 * Choices for the filter bar: the practice's locations (a restricted viewer's own only),
 * the users who posted payments the viewer may see, and the practice's payers. One statement,
 * as every page of the report asks for them.
 */
export async function paymentBalancingFilterOptions(
  db: Database,
  viewer: Viewer,
  variant: ReportVariant,
): Promise<PaymentBalancingFilterOptions> {
  const scope = balancingScope(viewer, variant);
  const locationScope =
    scope.locationIds === null ? sql`true` : scope.locationIds.length === 0 ? sql`false` : sql`l.id in (${list(scope.locationIds)})`;
  const choices = await queryRows<FilterOption & { list: keyof PaymentBalancingFilterOptions }>(
    db,
    sql`select c.list, c.value, c.label from (
          select 1 as position, 'locations' as list, l.id::text as value, l.name as label from location l
          where l.practice_id = ${scope.practiceId} and ${locationScope}
          union all
          select 2, 'posters', u.id::text, u.name from app_user u
          where u.practice_id = ${scope.practiceId}
            and exists (select 1 from payment p where ${and(accessConditions(scope, "p", "u"))} and p.posted_by = u.id)
          union all
          select 3, 'payers', py.id::text, py.name from payer py where py.practice_id = ${scope.practiceId}
        ) c
        order by c.position, c.label, c.value`,
  );
  const options: PaymentBalancingFilterOptions = { locations: [], posters: [], payers: [] };
  for (const { list: name, value, label } of choices) options[name].push({ value, label });
  options.payers.push({ value: PATIENT_PAYER, label: "Patient payments" });
  return options;
}

/** PostgreSQL cancelled the statement at statement_timeout (SQLSTATE 57014). */
export function isStatementTimeout(error: unknown): boolean {
  const withCause = error as { code?: unknown; cause?: { code?: unknown } } | null;
  return withCause?.code === "57014" || withCause?.cause?.code === "57014";
}

export const STATEMENT_TIMEOUT_MESSAGE =
  "This report took too long and was cancelled. Narrow the date range or add a filter (a location, a poster or a batch), then run it again.";
