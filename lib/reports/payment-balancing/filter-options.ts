import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import type { ReportVariant } from "@/lib/access/permissions";
import type { Viewer } from "@/lib/access/viewer";
import { allOf } from "@/lib/reports/toolkit/sql";
import { accessConditions, balancingScope, locationScope } from "./scope";
import { PATIENT_PAYER, type PaymentBalancingQuery } from "./search-params";

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
  const choices = await queryRows<FilterOption & { list: keyof PaymentBalancingFilterOptions }>(
    db,
    sql`select c.list, c.value, c.label from (
          select 1 as position, 'locations' as list, l.id::text as value, l.name as label from location l
          where l.practice_id = ${scope.practiceId} and ${locationScope(scope, sql`l.id`)}
          union all
          select 2, 'posters', u.id::text, u.name from app_user u
          where u.practice_id = ${scope.practiceId}
            and exists (select 1 from payment p where ${allOf(accessConditions(scope, "p", "u"))} and p.posted_by = u.id)
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
