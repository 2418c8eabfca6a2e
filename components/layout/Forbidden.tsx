import Link from "next/link";

export function Forbidden({ reason, locationNames = [] }: { reason: "location" | "permission"; locationNames?: string[] }) {
  return (
    <section className="notice notice-error" role="alert">
      <h1>403 · Not allowed</h1>
      {reason === "location" ? (
        <p>
          You may run Payment Balancing only for your EMR locations. Not one of yours:{" "}
          <strong>{locationNames.join(", ") || "the location asked for"}</strong>.
        </p>
      ) : (
        <p>Your roles do not include access to this page. Ask a Billing Admin if you need it.</p>
      )}
      <p>
        <Link href="/">Back to your reports</Link>
      </p>
    </section>
  );
}
