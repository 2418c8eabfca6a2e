/*
 * The server's V8 heap limit. Left to its default (a quarter of the machine's memory), V8
 * lets garbage pile up: a CSV export of a whole 1M-line ledger peaked at 363 MB of RSS with
 * nothing retained. 256 MB was too tight: fifty users requesting Payment Balancing pages back
 * to back keep ~250 MB of render state alive (about 5 MB a page in flight), and the server ran
 * out of heap. At 512 MB that load runs without errors and the export still peaks at ~215 MB.
 */
export const SERVER_HEAP = "--max-old-space-size=512";
