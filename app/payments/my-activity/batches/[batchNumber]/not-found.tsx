import Link from "next/link";

/*
 * A batch the viewer did not post in answers 404 like one that does not exist, so the page
 * never tells whether another poster's batch is there.
 */
export default function BatchNotFound() {
  return (
    <section className="notice notice-error" role="alert">
      <h1>404 · Batch not found</h1>
      <p>None of your postings is in a batch with that number. My Payment Activity shows only batches you posted in.</p>
      <p>
        <Link href="/payments/my-activity">Back to My Payment Activity</Link>
      </p>
    </section>
  );
}
