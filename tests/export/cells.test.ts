import { DateTime } from "luxon";
import { csvCell, xlsxCell } from "@/lib/export/cells";

/*
 * Posting times in exports take a fast path (offsets kept per zone and hour); it must write
 * exactly what luxon writes, including across daylight-saving changes.
 */
const ZONES = ["America/Phoenix", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata"];

function instants(): string[] {
  const list: string[] = [];
  // Every 7 minutes and 13 seconds through March and the start of November 2026 (DST changes in
  // the US and Europe), plus a few fixed edges.
  for (const [start, end] of [
    ["2026-03-07T00:00:00Z", "2026-04-01T00:00:00Z"],
    ["2026-10-24T00:00:00Z", "2026-11-03T00:00:00Z"],
  ] as const) {
    for (let t = Date.parse(start); t < Date.parse(end); t += 433_000) list.push(new Date(t).toISOString());
  }
  list.push("2026-03-08T06:59:59.999Z", "2026-03-08T07:00:00.000Z", "2026-11-01T05:59:59.500Z", "2026-11-01T06:00:00Z");
  return list;
}

describe("export cells: posting times", () => {
  it.each(ZONES)("writes the same ISO text as luxon in %s", (zone) => {
    for (const instant of instants()) {
      const expected = DateTime.fromISO(instant).setZone(zone).toISO({ suppressMilliseconds: true });
      expect(csvCell(instant, "datetime", zone)).toBe(expected);
    }
  });

  it("writes the wall-clock time of the practice's zone into xlsx", () => {
    expect(xlsxCell("2026-04-01T06:30:00.000Z", "datetime", "America/Phoenix")).toEqual(new Date(Date.UTC(2026, 2, 31, 23, 30)));
    expect(xlsxCell("2026-03-08T07:30:00.000Z", "datetime", "America/New_York")).toEqual(new Date(Date.UTC(2026, 2, 8, 3, 30)));
  });
});
