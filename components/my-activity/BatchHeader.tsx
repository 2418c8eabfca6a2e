import Link from "next/link";
import { formatLocalDateTime, formatUsDate } from "@/lib/dates";
import { formatUsd } from "@/lib/money";
import type { MyActivityCheckRow } from "@/lib/reports/my-activity/columns";
import type { MyActivityBatchSummary } from "@/lib/reports/my-activity/batch";

export interface Crumb {
  label: string;
  href?: string;
}

/** Where this view sits: the report (with its filters), the batch, the lines. */
export function Breadcrumbs({ crumbs }: { crumbs: Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumbs">
      {crumbs.map((crumb, index) => (
        <span key={crumb.label}>
          {index > 0 && " › "}
          {crumb.href ? <Link href={crumb.href}>{crumb.label}</Link> : <span aria-current="page">{crumb.label}</span>}
        </span>
      ))}
    </nav>
  );
}

function Money({ cents }: { cents: number | null }) {
  if (cents === null) return <>—</>;
  return <span className={cents < 0 ? "money-negative" : undefined}>{formatUsd(cents)}</span>;
}

/** The batch's balance over the viewer's own payments in it. */
export function BatchHeader({ batch, payment, timezone }: { batch: MyActivityBatchSummary; payment: MyActivityCheckRow | null; timezone: string }) {
  return (
    <table className="simple" style={{ marginBottom: "0.75rem" }}>
      <tbody>
        <tr>
          <th scope="row">Batch</th>
          <td>{batch.batchNumber}</td>
          <th scope="row">Deposit date</th>
          <td>{formatUsDate(batch.depositDate)}</td>
          <th scope="row">Payments</th>
          <td>{batch.payments}</td>
          <th scope="row">Balance</th>
          <td className={batch.status === "Balanced" ? "balanced" : "out-of-balance"}>
            {batch.status === "Balanced" ? "✓ Balanced" : "✗ Out of balance"}
          </td>
        </tr>
        <tr>
          <th scope="row">Control total</th>
          <td>
            <Money cents={batch.controlTotalCents} />
          </td>
          <th scope="row">Posted total</th>
          <td>
            <Money cents={batch.postedTotalCents} />
          </td>
          <th scope="row">Applied / unapplied</th>
          <td>
            <Money cents={batch.appliedCents} /> / <Money cents={batch.unappliedCents} />
          </td>
          <th scope="row">Difference</th>
          <td>
            <Money cents={batch.differenceCents} />
          </td>
        </tr>
        {payment && (
          <tr>
            <th scope="row">Payment</th>
            <td>
              {payment.reference} · {payment.method}
            </td>
            <th scope="row">Payer or patient</th>
            <td>{payment.payerOrPatient}</td>
            <th scope="row">Amount / unapplied</th>
            <td>
              <Money cents={payment.amountCents} /> / <Money cents={payment.unappliedCents} />
            </td>
            <th scope="row">Posted</th>
            <td>{payment.postedAt ? formatLocalDateTime(payment.postedAt, timezone) : ""}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
