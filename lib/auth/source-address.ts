/**
 * The address a sign-in came from, for counting failures per source. Next.js appends the
 * socket's peer to X-Forwarded-For, so the last entry is the one no client can choose (behind
 * a proxy, the proxy's own view of the client); earlier entries are whatever the client sent.
 */
export function sourceAddress(headers: Record<string, string | string[] | undefined> | undefined): string {
  const forwarded = headers?.["x-forwarded-for"];
  const chain = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? "")).split(",");
  const last = chain[chain.length - 1]!.trim();
  return last === "" ? "unknown" : last.slice(0, 64);
}
