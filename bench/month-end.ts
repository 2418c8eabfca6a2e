import type pg from "pg";
import type { RunningServer } from "./server";

/*
 * The month-end rows of the benchmark (issue 23): closing the measured month through
 * POST /api/month-end/<yyyy-mm>/close as a Billing Admin would (an override, since the seeded
 * batches are open), its breakdown page timed while it is closed (frozen beside live), then
 * reopened through the API so the dataset stays reusable. A month left closed by an interrupted
 * run is reopened first.
 */

export interface MonthCloseResult {
  month: string;
  closeSeconds: number;
  reopenSeconds: number | null;
  /** Payments and snapshot lines the close froze. */
  payments: number;
  snapshotLines: number;
  status: number;
  outcome: string;
}

async function postJson(server: RunningServer, cookie: string, path: string, body: unknown) {
  const started = performance.now();
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: "POST",
    headers: { cookie, origin: server.baseUrl, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = await response.text();
  return { seconds: (performance.now() - started) / 1000, status: response.status, answer };
}

const reopen = (server: RunningServer, cookie: string, month: string) =>
  postJson(server, cookie, `/api/month-end/${month}/reopen`, { reason: "Benchmark: reopened so the dataset stays reusable" });

export async function closeBenchMonth(server: RunningServer, cookie: string, raw: pg.Client, month: string): Promise<MonthCloseResult> {
  const { rows: left } = await raw.query("select 1 from closed_month where practice_id = 1 and month = $1::date", [`${month}-01`]);
  if (left.length > 0) await reopen(server, cookie, month);
  const close = await postJson(server, cookie, `/api/month-end/${month}/close`, { overrideReason: "Benchmark: the seeded batches are open" });
  const snapshotId = close.status === 200 ? (JSON.parse(close.answer) as { snapshotId: number }).snapshotId : null;
  const { rows } = await raw.query<{ payments: number; lines: number }>(
    "select coalesce(sum(payment_count), 0)::int as payments, count(*)::int as lines from month_snapshot_total where snapshot_id = $1",
    [snapshotId],
  );
  return {
    month,
    closeSeconds: close.seconds,
    reopenSeconds: null,
    payments: rows[0]!.payments,
    snapshotLines: rows[0]!.lines,
    status: close.status,
    outcome: close.status === 200 ? "closed" : close.answer.slice(0, 200),
  };
}

/** Reopens the month the benchmark closed; the time it took, or null when it was not closed. */
export async function reopenBenchMonth(server: RunningServer, cookie: string, closed: MonthCloseResult): Promise<MonthCloseResult> {
  if (closed.status !== 200) return closed;
  const reopened = await reopen(server, cookie, closed.month);
  return { ...closed, reopenSeconds: reopened.seconds, status: reopened.status === 200 ? closed.status : reopened.status };
}

/** The month-end pages while the month is closed: its breakdown (frozen vs live) and the months list. */
export function monthEndScenarios(month: string) {
  return [
    { name: "Month-end breakdown, frozen vs live", user: "admin" as const, path: `/payments/month-end/${month}` },
    { name: "Month-end months list", user: "admin" as const, path: `/payments/month-end?month=${month}` },
  ];
}
