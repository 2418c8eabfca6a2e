/*
 * Money is integer cents everywhere; these turn cents into text only at the edge
 * (grid cells, exports) and dollar text from a form or API into cents, without floats.
 */

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** "$1,234.56" / "-$12.00": dollars with two decimals for the screen. */
export function formatUsd(cents: number): string {
  return usd.format(cents / 100);
}

/** "1234.56" / "-12.00": plain two-decimal dollars for CSV, built from integer cents. */
export function centsToDecimalString(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const dollars = Math.trunc(abs / 100);
  const rest = String(abs % 100).padStart(2, "0");
  return `${sign}${dollars}.${rest}`;
}

const DOLLARS = /^(-)?\$?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/** "1,234.5" → 123450. Returns null for anything that is not a plain dollar amount. */
export function parseDollars(text: string): number | null {
  const match = DOLLARS.exec(text.trim());
  if (!match) return null;
  const [, minus, whole = "0", fraction = ""] = match;
  const cents = Number(whole.replaceAll(",", "")) * 100 + Number(fraction.padEnd(2, "0"));
  if (!Number.isSafeInteger(cents)) return null;
  return minus ? -cents : cents;
}
