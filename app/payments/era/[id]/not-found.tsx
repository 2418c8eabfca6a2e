import Link from "next/link";

/* A remittance of another practice answers 404 like one that does not exist. */
export default function RemittanceNotFound() {
  return (
    <section className="notice notice-error" role="alert">
      <h1>404 · Remittance not found</h1>
      <p>No remittance of this practice has that number.</p>
      <p>
        <Link href="/payments/era">Back to ERA remittances</Link>
      </p>
    </section>
  );
}
