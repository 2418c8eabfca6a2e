import Link from "next/link";

/*
 * Rendered with status 404 for an unknown address, and when a page calls `notFound()` for a
 * record that does not exist or lies outside the viewer's scope: the two read the same, so the
 * page does not reveal which records exist.
 */
export default function NotFound() {
  return (
    <section className="notice notice-error" role="alert">
      <h1>404 · Not found</h1>
      <p>There is no such page, or what it names does not exist or is not yours to see.</p>
      <p>
        <Link href="/">Back to your reports</Link>
      </p>
    </section>
  );
}
