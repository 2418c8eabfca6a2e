import Link from "next/link";

/** Where middleware sends a report URL it cannot read (with status 400). */
export default async function BadRequestPage({ searchParams }: { searchParams: Promise<{ message?: string }> }) {
  const { message } = await searchParams;
  return (
    <section className="notice notice-error" role="alert">
      <h1>This report link has a problem</h1>
      <p>{typeof message === "string" && message.length < 500 ? message : "The link's filters could not be read."}</p>
      <p>
        <Link href="/">Back to your reports</Link>
      </p>
    </section>
  );
}
