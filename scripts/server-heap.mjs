/*
 * The server's V8 heap limit. Left to its default (a quarter of the machine's memory), V8
 * lets garbage pile up: a CSV export of a whole 1M-line ledger peaked at 363 MB of RSS with
 * nothing retained. Capped at 256 MB it peaked at 198 MB, and pages are unaffected.
 */
export const SERVER_HEAP = "--max-old-space-size=256";
