import { getDb } from "@/db/app-database";
import { CreateBatchForm } from "@/components/posting/CreateBatchForm";
import { MyBatchesTable } from "@/components/posting/MyBatchesTable";
import { viewerPage, type PageRequest } from "@/lib/http/viewer-page";
import { listMyBatches, suggestBatchNumber } from "@/lib/posting/batches";
import { listLocations } from "@/lib/posting/lookup";
import { createBatchAction } from "./actions";
import "@/components/posting/posting.css";

export const metadata = { title: "Post Payments · Payment Balancing" };

async function PostPaymentsPage({ viewer, today }: PageRequest<unknown>) {
  // The primary, not the replica: a poster must see the batch they just made.
  const db = await getDb();
  const [batches, locations, suggestedNumber] = await Promise.all([
    listMyBatches(db, viewer),
    listLocations(db, viewer),
    suggestBatchNumber(db, viewer),
  ]);
  return (
    <>
      <h1>Post Payments</h1>
      <h2 className="posting-subhead">New batch</h2>
      <CreateBatchForm
        suggestedNumber={suggestedNumber}
        today={today}
        locations={locations}
        createBatch={createBatchAction}
      />
      <h2 className="posting-subhead">Your batches</h2>
      <MyBatchesTable batches={batches} timezone={viewer.timezone} />
    </>
  );
}

export default viewerPage({ permission: "postPayments", path: () => "/payments/post" }, PostPaymentsPage);
