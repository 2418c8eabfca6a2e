import { forbidden, redirect } from "next/navigation";
import { getDb } from "@/db/app-database";
import { CreateBatchForm } from "@/components/posting/CreateBatchForm";
import { MyBatchesTable } from "@/components/posting/MyBatchesTable";
import { viewerCan } from "@/lib/access/viewer";
import { currentViewer } from "@/lib/auth/session";
import { todayIn } from "@/lib/dates";
import { listMyBatches, suggestBatchNumber } from "@/lib/posting/batches";
import { listLocations } from "@/lib/posting/lookup";
import { createBatchAction } from "./actions";
import "@/components/posting/posting.css";

export const metadata = { title: "Post Payments · Payment Balancing" };

export default async function PostPaymentsPage() {
  const viewer = await currentViewer();
  if (!viewer) redirect("/sign-in?callbackUrl=/payments/post");
  if (!viewerCan(viewer, "postPayments")) forbidden();
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
        today={todayIn(viewer.timezone)}
        locations={locations}
        createBatch={createBatchAction}
      />
      <h2 className="posting-subhead">Your batches</h2>
      <MyBatchesTable batches={batches} timezone={viewer.timezone} />
    </>
  );
}
