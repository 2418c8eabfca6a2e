import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { ReportVariant } from "@/lib/access/permissions";
import type { Viewer } from "@/lib/access/viewer";
import { sqlList } from "@/lib/reports/toolkit/sql";
import { GROUP_KEYS, groupDirection, pathExpression } from "./group-keys-sql";
import { DETAIL_COLUMNS, EXPORT_COLUMNS, SORT_EXPRESSIONS, detailJoins } from "./payment-sql";
import { balancingScope } from "./scope";
import { reportCte } from "./scoped-sql";
import type { PaymentBalancingQuery, SortSpec } from "./search-params";

const DEFAULT_SORT: SortSpec[] = [
  { column: "deposit_date", direction: "asc" },
  { column: "posted_at", direction: "asc" },
];

function direction(spec: SortSpec): SQL {
  return spec.direction === "desc" ? sql`desc nulls last` : sql`asc nulls last`;
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
        where ${groupPath} in (${sqlList(leafPaths)})
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
