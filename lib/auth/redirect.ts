/**
 * Where to go after sign-in: only a path on this site. Anything else (another origin,
 * a protocol-relative `//host`, a backslash trick) falls back to the home page.
 */
export function safeCallbackPath(candidate: string | null | undefined, origin?: string): string {
  return (candidate && callbackPathOrNull(candidate, origin)) || "/";
}

/**
 * Whether a callbackUrl is one safeCallbackPath keeps as it is given: a path starting with a
 * single "/", or an absolute URL on `origin`. Middleware answers 400 for any other.
 */
export function isSafeCallbackUrl(candidate: string, origin?: string): boolean {
  return callbackPathOrNull(candidate, origin) !== null;
}

function callbackPathOrNull(candidate: string, origin?: string): string | null {
  let value = candidate.trim();
  if (origin && value.startsWith(origin)) value = value.slice(origin.length) || "/";
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return null;
  try {
    const parsed = new URL(value, "http://internal.invalid");
    // Checked again after parsing: "/.//evil.example" normalises to the protocol-relative "//evil.example".
    if (parsed.origin !== "http://internal.invalid" || parsed.pathname.startsWith("//")) return null;
    return `${parsed.pathname}${parsed.search}${parsed.hash}`;
  } catch {
    return null;
  }
}
