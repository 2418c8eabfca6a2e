import { DateTime } from "luxon";

/** The demo data ends today in the practice's zone; these are fixed ranges inside it. */
const ZONE = "America/Phoenix";

export function lastFullMonth() {
  const start = DateTime.now().setZone(ZONE).startOf("month").minus({ months: 1 });
  return { from: start.toISODate()!, to: start.endOf("month").toISODate()! };
}

export function lastDays(days: number) {
  const today = DateTime.now().setZone(ZONE);
  return { from: today.minus({ days: days - 1 }).toISODate()!, to: today.toISODate()! };
}
