import Link from "next/link";

export default function BatchNotFound() {
  return (
    <section className="notice notice-error" role="alert">
      <h1>Batch not found</h1>
      <p>There is no batch with that number among your batches. You can post only into batches you created.</p>
      <p>
        <Link href="/payments/post">Back to Post Payments</Link>
      </p>
    </section>
  );
}
