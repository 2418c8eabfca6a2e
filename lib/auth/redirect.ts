/**
 * Where to go after sign-in: only a path on this site. Anything else (another origin,
 * a protocol-relative `//host`, a backslash trick) falls back to the home page.
 */
export function safeCallbackPath(candidate: string | null | undefined, origin?: string): string {
  if (!candidate) return "/";
  let value = candidate.trim();
  if (origin && value.startsWith(origin)) value = value.slice(origin.length) || "/";
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return "/";
  try {
    const parsed = new URL(value, "http://internal.invalid");
    // Checked again after parsing: "/.//evil.example" normalises to the protocol-relative "//evil.example".
    if (parsed.origin !== "http://internal.invalid" || parsed.pathname.startsWith("//")) return "/";
    return `${parsed.pathname}${parsed.search}${parsed.hash}`;
  } catch {
    return "/";
  }
}
