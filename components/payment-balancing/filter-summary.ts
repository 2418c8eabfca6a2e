import { formatUsDate } from "@/lib/dates";
import { METHOD_LABELS, PAYER_TYPE_LABELS, SOURCE_LABELS } from "@/lib/ledger-vocabulary";
import { formatUsd } from "@/lib/money";
import type { PaymentBalancingQuery } from "@/lib/reports/payment-balancing/search-params";
import { BATCH_STATE_LABELS } from "@/lib/reports/toolkit/batch-state";
import type { Option } from "@/components/reports/MultiSelect";

/** The choices the filter bar offers by id, to name the chosen ones. */
export interface NamedChoices {
  locations: readonly Option[];
  posters: readonly Option[];
  payers: readonly Option[];
}

function named(title: string, values: ReadonlyArray<string | number>, labelOf: (value: string) => string): string[] {
  return values.length === 0 ? [] : [`${title} ${values.map((value) => labelOf(String(value))).join(", ")}`];
}

const fromOptions = (options: readonly Option[]) => (value: string) => options.find((option) => option.value === value)?.label ?? value;
const fromLabels = (labels: Readonly<Record<string, string>>) => (value: string) => labels[value] ?? value;

/**
 * The report's filters in one line ("Deposit dates 12/1/2026 – 12/3/2026 · Location Mesa Clinic ·
 * Method Check"), for the collapsed filter bar: every filter the URL sets, nothing it leaves at "all".
 */
export function filterSummary(query: PaymentBalancingQuery, choices: NamedChoices): string[] {
  const amount =
    query.minCents !== null && query.maxCents !== null
      ? [`Amount ${formatUsd(query.minCents)} – ${formatUsd(query.maxCents)}`]
      : query.minCents !== null
        ? [`Amount at least ${formatUsd(query.minCents)}`]
        : query.maxCents !== null
          ? [`Amount at most ${formatUsd(query.maxCents)}`]
          : [];
  return [
    `${query.by === "deposit" ? "Deposit" : "Posting"} dates ${formatUsDate(query.from)} – ${formatUsDate(query.to)}`,
    ...named("Location", query.locations, fromOptions(choices.locations)),
    ...named("Poster", query.posters, fromOptions(choices.posters)),
    ...named("Payer", query.payers, fromOptions(choices.payers)),
    ...named("Payer type", query.payerTypes, fromLabels(PAYER_TYPE_LABELS)),
    ...named("Method", query.methods, fromLabels(METHOD_LABELS)),
    ...named("Source", query.sources, fromLabels(SOURCE_LABELS)),
    ...named("Deposited", query.depositDates, formatUsDate),
    ...named("Posted", query.postingDates, formatUsDate),
    ...named("Batch", query.batches, String),
    ...named("Reference", query.refs, String),
    ...amount,
    ...(query.batchState ? [`${BATCH_STATE_LABELS[query.batchState]} batches only`] : []),
    ...(query.unbalanced ? ["Only what does not balance"] : []),
  ];
}
