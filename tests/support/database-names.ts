/**
 * The migrated template this run's test databases are copied from: one per run (named by
 * the jest process), so two runs on one server never drop each other's template.
 */
export function templateDatabase(): string {
  process.env.PB_TEST_TEMPLATE ??= `pb_test_template_${process.pid}`;
  return process.env.PB_TEST_TEMPLATE;
}

/** The server's own `postgres` database, used to create and drop the per-file databases. */
export function adminUrl(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = "/postgres";
  return parsed.toString();
}

export function databaseUrl(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}
