import { scaleBand, scaleLinear } from "d3-scale";
import { stack, stackOffsetDiverging, symbol, symbolDiamond } from "d3-shape";
import { DateTime } from "luxon";
import { formatUsDate } from "@/lib/dates";
import { PAYMENT_SOURCES, SOURCE_LABELS, type PaymentSource } from "@/lib/ledger-vocabulary";
import { formatUsd } from "@/lib/money";
import type { ChartBucket, PostedByDay, PostedDay } from "@/lib/reports/payment-balancing/posted-by-day";
import type { DateBasis } from "@/lib/reports/toolkit/search-params";
import "./glance.css";

/*
 * Posted per day of the range, stacked by source, with each day's unapplied amount marked: a
 * billing lead sees a bad day (nothing posted, a spike, money left unapplied) before reading
 * the glance. A server component: d3-scale and d3-shape compute the geometry here and the
 * page gets plain SVG, so the chart adds no JavaScript to the browser.
 */

const WIDTH = 960;
const HEIGHT = 150;
const MARGIN = { top: 8, right: 8, bottom: 22, left: 56 };

/** At least 3:1 on white each (WCAG non-text contrast), and told apart by the legend's words too. */
const SOURCE_COLORS: Readonly<Record<PaymentSource, string>> = {
  manual: "#1a66d9",
  era: "#7b4bb7",
  emr_integration: "#b35c00",
};
const UNAPPLIED_COLOR = "#1f2328";

const compactUsd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", notation: "compact", minimumFractionDigits: 0, maximumFractionDigits: 1 });

function barName(day: string, bucket: ChartBucket): string {
  const at = DateTime.fromISO(day, { zone: "utc" });
  return bucket === "day" ? formatUsDate(day) : bucket === "month" ? at.toFormat("LLLL yyyy") : at.toFormat("yyyy");
}

function axisLabel(day: string, bucket: ChartBucket): string {
  const at = DateTime.fromISO(day, { zone: "utc" });
  return bucket === "day" ? at.toFormat("M/d") : bucket === "month" ? at.toFormat("LLL yy") : at.toFormat("yyyy");
}

function barTitle(bar: PostedDay, bucket: ChartBucket): string {
  const sources = PAYMENT_SOURCES.filter((source) => bar.bySource[source] !== 0)
    .map((source) => `${SOURCE_LABELS[source]} ${formatUsd(bar.bySource[source])}`)
    .join(", ");
  return `${barName(bar.day, bucket)}: posted ${formatUsd(bar.postedCents)}${sources ? ` (${sources})` : ""}; unapplied ${formatUsd(bar.unappliedCents)}`;
}

/** What the picture shows, in words: the range, its highest and lowest bar, and where money is unapplied. */
function summary({ bucket, days }: PostedByDay, by: DateBasis): string {
  const per = bucket === "day" ? (by === "deposit" ? "deposit date" : "posting date") : bucket;
  const range = `${barName(days[0]!.day, bucket)} to ${barName(days.at(-1)!.day, bucket)}`;
  const highest = days.reduce((a, b) => (b.postedCents > a.postedCents ? b : a));
  const lowest = days.reduce((a, b) => (b.postedCents < a.postedCents ? b : a));
  const unapplied = days.filter((day) => day.unappliedCents !== 0);
  const mostUnapplied = unapplied.reduce<PostedDay | null>((a, b) => (a === null || b.unappliedCents > a.unappliedCents ? b : a), null);
  const unappliedWords = mostUnapplied
    ? `unapplied money on ${unapplied.length} of them, most on ${barName(mostUnapplied.day, bucket)} (${formatUsd(mostUnapplied.unappliedCents)})`
    : "nothing unapplied";
  return (
    `Posted per ${per} by source, ${range}: ${days.length} ${bucket === "day" ? "days" : `${bucket}s`}, the highest ${barName(highest.day, bucket)} (${formatUsd(highest.postedCents)}), ` +
    `the lowest ${barName(lowest.day, bucket)} (${formatUsd(lowest.postedCents)}); ${unappliedWords}.`
  );
}

export function PostedByDayChart({ chart, by }: { chart: PostedByDay; by: DateBasis }) {
  const { bucket, days } = chart;
  if (days.length === 0) return null;
  const series = stack<PostedDay, PaymentSource>()
    .keys(PAYMENT_SOURCES)
    .value((day, source) => day.bySource[source])
    // Reversals make a source's day negative: it stacks below zero instead of hiding under the bar.
    .offset(stackOffsetDiverging)(days);
  const values = [0, ...series.flatMap((layer) => layer.flatMap(([low, high]) => [low, high])), ...days.map((day) => day.unappliedCents)];
  const y = scaleLinear()
    .domain([Math.min(...values), Math.max(...values, 1)])
    .nice(4)
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const x = scaleBand<string>()
    .domain(days.map((day) => day.day))
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .padding(0.2);
  const labelEvery = Math.ceil(days.length / 12);
  const marker = symbol(symbolDiamond, Math.min(64, Math.max(16, x.bandwidth() ** 2 / 2)))()!;

  return (
    <figure className="posted-chart">
      <figcaption>
        <span className="posted-chart-title">
          Posted per {bucket === "day" ? (by === "deposit" ? "deposit date" : "posting date") : bucket}
        </span>
        <span className="posted-chart-legend" aria-hidden="true">
          {PAYMENT_SOURCES.map((source) => (
            <span key={source}>
              <span className="posted-chart-swatch" style={{ background: SOURCE_COLORS[source] }} /> {SOURCE_LABELS[source]}
            </span>
          ))}
          <span>
            <span className="posted-chart-diamond">◆</span> Unapplied
          </span>
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary(chart, by)} className="posted-chart-svg">
        {y.ticks(4).map((tick) => (
          <g key={tick} className={tick === 0 ? "posted-chart-zero" : "posted-chart-grid"}>
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
            <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
              {compactUsd.format(tick / 100)}
            </text>
          </g>
        ))}
        {days.map((day, i) => (
          <g key={day.day}>
            <title>{barTitle(day, bucket)}</title>
            {series.map((layer) => {
              const [low, high] = layer[i]!;
              return low === high ? null : (
                <rect
                  key={layer.key}
                  x={x(day.day)}
                  width={x.bandwidth()}
                  y={y(Math.max(low, high))}
                  height={Math.abs(y(low) - y(high))}
                  fill={SOURCE_COLORS[layer.key]}
                />
              );
            })}
            {day.unappliedCents !== 0 && (
              <path
                d={marker}
                transform={`translate(${x(day.day)! + x.bandwidth() / 2},${y(day.unappliedCents)})`}
                fill={UNAPPLIED_COLOR}
                stroke="#fff"
              />
            )}
            {i % labelEvery === 0 && (
              <text x={x(day.day)! + x.bandwidth() / 2} y={HEIGHT - 6} textAnchor="middle" className="posted-chart-axis">
                {axisLabel(day.day, bucket)}
              </text>
            )}
          </g>
        ))}
      </svg>
    </figure>
  );
}
