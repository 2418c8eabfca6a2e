import Link from "next/link";
import { formatLocalDateTime, formatUsDate } from "@/lib/dates";
import type { BatchSummary } from "@/lib/posting/batches";
import { formatUsd } from "@/lib/money";

function Balance({ batch }: { batch: BatchSummary }) {
  if (batch.differenceCents === null) return <span className="posting-hint">no control total</span>;
  return batch.differenceCents === 0 ? (
    <span className="balanced">Balanced</span>
  ) : (
    <span className="out-of-balance">Out of balance</span>
  );
}

/** The poster's own batches, newest first, each opening its posting screen. */
export function MyBatchesTable({ batches, timezone }: { batches: BatchSummary[]; timezone: string }) {
  if (batches.length === 0) return <p className="posting-hint">You have no batches yet. Create one from the deposit slip above.</p>;
  return (
    <table className="simple posting-batches">
      <thead>
        <tr>
          <th scope="col">Batch</th>
          <th scope="col">Deposit date</th>
          <th scope="col">Location</th>
          <th scope="col">Created</th>
          <th scope="col">Payments</th>
          <th scope="col">Posted</th>
          <th scope="col">Control total</th>
          <th scope="col">Difference</th>
          <th scope="col">Balance</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {batches.map((batch) => (
          <tr key={batch.batchId}>
            <td>
              <Link href={`/payments/post/batches/${encodeURIComponent(batch.batchNumber)}`}>{batch.batchNumber}</Link>
              {batch.kind === "void" && <div className="posting-hint">voids</div>}
            </td>
            <td>{formatUsDate(batch.depositDate)}</td>
            <td>{batch.locationName ?? ""}</td>
            <td>{formatLocalDateTime(batch.createdAt, timezone)}</td>
            <td className="posting-money">{batch.paymentCount}</td>
            <td className="posting-money">{formatUsd(batch.postedTotalCents)}</td>
            <td className="posting-money">{batch.controlTotalCents === null ? "" : formatUsd(batch.controlTotalCents)}</td>
            <td className="posting-money">{batch.differenceCents === null ? "" : formatUsd(batch.differenceCents)}</td>
            <td>
              <Balance batch={batch} />
            </td>
            <td>{batch.closedAt === null ? "Open" : "Closed"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
