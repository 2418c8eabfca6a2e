import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/app-database";
import { BatchPayments } from "@/components/posting/BatchPayments";
import { BatchPostingScreen } from "@/components/posting/BatchPostingScreen";
import { BatchStateControl } from "@/components/posting/BatchStateControl";
import { viewerCan } from "@/lib/access/viewer";
import { formatUsDate } from "@/lib/dates";
import { viewerPage, type PageRequest } from "@/lib/http/viewer-page";
import { formatUsd } from "@/lib/money";
import { PostingError } from "@/lib/posting/errors";
import { listPayers } from "@/lib/posting/lookup";
import { postingBatch } from "@/lib/posting/payments";
import { balancingPath } from "@/lib/reports/payment-balancing/paths";
import {
  closeBatchAction,
  findDuplicatePaymentsAction,
  openChargesAction,
  postPaymentAction,
  reopenBatchAction,
  searchPatientsAction,
  voidPaymentAction,
} from "../../actions";
import "@/components/posting/posting.css";

export const metadata = { title: "Post into batch · Payment Balancing" };

async function BatchPostingPage({ viewer, routeParams: { batchNumber }, today }: PageRequest<{ batchNumber: string }>) {
  const db = await getDb();
  // Another poster's batch is "not found" here, as in My Payment Activity: posters see only their own.
  const screen = await postingBatch(db, viewer, batchNumber).catch((error: unknown) => {
    if (error instanceof PostingError && (error.status === 404 || error.status === 403)) notFound();
    throw error;
  });
  const { batch, payments } = screen;
  const facts = [
    `Deposit date ${formatUsDate(batch.depositDate)}`,
    batch.locationName,
    `${batch.paymentCount} ${batch.paymentCount === 1 ? "payment" : "payments"}`,
    `posted ${formatUsd(batch.postedTotalCents)}`,
    batch.controlTotalCents === null ? "no control total" : `control total ${formatUsd(batch.controlTotalCents)}`,
  ].filter(Boolean);
  return (
    <>
      <p className="breadcrumbs">
        <Link href="/payments/post">Post Payments</Link> › Batch {batch.batchNumber}
      </p>
      <h1>Batch {batch.batchNumber}</h1>
      <p className="posting-facts">{facts.join(" · ")}</p>
      {/* postingBatch found it, so it is the viewer's own batch: they may close it. */}
      <BatchStateControl
        batchNumber={batch.batchNumber}
        closedAt={batch.closedAt}
        timezone={viewer.timezone}
        mayClose
        mayReopen={viewerCan(viewer, "reopenBatch")}
        closeBatch={closeBatchAction}
        reopenBatch={reopenBatchAction}
      />
      {batch.kind === "void" ? (
        <>
          <p className="notice">This batch holds the reversals of the payments you voided that day; nothing is keyed into it.</p>
          <BatchPayments payments={payments} timezone={viewer.timezone} />
        </>
      ) : (
        <BatchPostingScreen
          batch={{
            batchNumber: batch.batchNumber,
            depositDate: batch.depositDate,
            controlTotalCents: batch.controlTotalCents,
            postedTotalCents: batch.postedTotalCents,
          }}
          payments={payments}
          payers={await listPayers(db, viewer)}
          today={today}
          timezone={viewer.timezone}
          searchPatients={searchPatientsAction}
          openCharges={openChargesAction}
          postPayment={postPaymentAction}
          findDuplicates={findDuplicatePaymentsAction}
          voidPayment={voidPaymentAction}
          // Unapplied money is applied from the payment's drill-down, in the variant that shows the poster's own payments.
          drillDownPath={`${balancingPath(viewerCan(viewer, "paymentBalancingFullAccess") ? "full-access" : "standard")}/payments`}
          closed={batch.closedAt !== null}
        />
      )}
    </>
  );
}

export default viewerPage<{ batchNumber: string }>(
  { permission: "postPayments", path: ({ batchNumber }) => `/payments/post/batches/${batchNumber}` },
  BatchPostingPage,
);
