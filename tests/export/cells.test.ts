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

  it.each(ZONES)("reads epoch milliseconds (as exports query them) the same as ISO text in %s", (zone) => {
    for (const instant of instants()) {
      expect(csvCell(Date.parse(instant), "datetime", zone)).toBe(csvCell(instant, "datetime", zone));
    }
    // 2026-04-01T06:30:00.250Z by hand: Phoenix is UTC-7 all year.
    expect(csvCell(1775025000250, "datetime", "America/Phoenix")).toBe("2026-03-31T23:30:00.250-07:00");
    expect(xlsxCell(1775025000250, "datetime", "America/Phoenix")).toEqual(new Date(Date.UTC(2026, 2, 31, 23, 30)));
  });

  it("writes the same as luxon across centuries, leap days and the edges of four-digit years", () => {
    // Deterministic spread from 1800 to 2200: 2000 is a leap year, 1900 and 2100 are not.
    const start = Date.UTC(1800, 0, 1);
    const span = Date.UTC(2200, 0, 1) - start;
    const edges = [Date.UTC(2000, 1, 29, 12), Date.UTC(2100, 2, 1, 3), Date.UTC(1000, 0, 1, 3), Date.UTC(9999, 11, 31, 22)];
    const spread = Array.from({ length: 5_000 }, (_, i) => start + Math.floor(((i * 7919) % 5_000) * (span / 5_000)) + i * 997);
    for (const epochMs of [...edges, ...spread]) {
      for (const zone of ["America/Phoenix", "Asia/Kolkata", "America/St_Johns"]) {
        const expected = DateTime.fromMillis(epochMs).setZone(zone).toISO({ suppressMilliseconds: true });
        expect(csvCell(epochMs, "datetime", zone)).toBe(expected);
      }
    }
  });

  it("writes the wall-clock time of the practice's zone into xlsx", () => {
    expect(xlsxCell("2026-04-01T06:30:00.000Z", "datetime", "America/Phoenix")).toEqual(new Date(Date.UTC(2026, 2, 31, 23, 30)));
    expect(xlsxCell("2026-03-08T07:30:00.000Z", "datetime", "America/New_York")).toEqual(new Date(Date.UTC(2026, 2, 8, 3, 30)));
  });
});

describe("export cells: deposit dates", () => {
  // What xlsxCell wrote for every date before its fast path: luxon's reading, as midnight UTC.
  const byLuxon = (text: string) => {
    const date = DateTime.fromISO(text.slice(0, 10), { zone: "utc" });
    return date.isValid ? new Date(Date.UTC(date.year, date.month - 1, date.day)) : null;
  };

  it("reads every day of 2023 to 2028 as luxon does", () => {
    for (let t = Date.UTC(2023, 0, 1); t < Date.UTC(2029, 0, 1); t += 86_400_000) {
      const text = new Date(t).toISOString().slice(0, 10);
      expect(byLuxon(text)).toEqual(new Date(t));
      expect(xlsxCell(text, "date", "UTC")).toEqual(byLuxon(text));
    }
  });

  it.each(["2026-02-29", "2028-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-04-00", "1000-01-01", "2026-03-01T23:00:00Z", "20260301", "2026-3-1", "nonsense", ""])(
    "treats %j as luxon does",
    (text) => {
      expect(xlsxCell(text, "date", "UTC")).toEqual(byLuxon(text));
    },
  );
});
