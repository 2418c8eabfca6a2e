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

/** The cookies next-auth reads a remembered callback URL from: plain on http, __Secure- on https. */
export const CALLBACK_URL_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"] as const;

/**
 * A Cookie header without any next-auth callback-URL cookie whose value isSafeCallbackUrl
 * rejects (or that does not decode at all), and the names of the cookies dropped; null when
 * no cookie is left. Every other cookie is kept as it was sent. next-auth answers 500 to every /api/auth/* request carrying
 * a value it cannot read as a path or an http(s) URL; one it can, on another origin, it
 * replaces with the site's home anyway.
 */
export function withoutUnsafeCallbackUrlCookies(
  cookieHeader: string | null,
  origin?: string,
): { cookieHeader: string | null; dropped: string[] } {
  if (cookieHeader === null) return { cookieHeader, dropped: [] };
  const dropped = new Set<string>();
  const kept = cookieHeader.split(";").filter((pair) => {
    const splitAt = pair.indexOf("=");
    const name = (splitAt === -1 ? pair : pair.slice(0, splitAt)).trim();
    if (!(CALLBACK_URL_COOKIES as readonly string[]).includes(name)) return true;
    const value = splitAt === -1 ? "" : pair.slice(splitAt + 1).trim();
    if (value === "" || isSafeDecodedCallbackUrl(value, origin)) return true;
    dropped.add(name);
    return false;
  });
  if (dropped.size === 0) return { cookieHeader, dropped: [] };
  const rest = kept.map((pair) => pair.trim()).filter((pair) => pair !== "");
  return { cookieHeader: rest.length ? rest.join("; ") : null, dropped: [...dropped] };
}

/** A Set-Cookie value that makes the browser forget a cookie next-auth set (Path=/; Secure for __Secure-). */
export function expiredCookie(name: string): string {
  const secure = name.startsWith("__Secure-") ? "; Secure" : "";
  return `${name}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Lax${secure}`;
}

function isSafeDecodedCallbackUrl(encoded: string, origin?: string): boolean {
  try {
    return isSafeCallbackUrl(decodeURIComponent(encoded), origin);
  } catch {
    return false;
  }
}
