import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import type { Viewer } from "@/lib/access/viewer";
import { PracticeFixture } from "../support/fixtures";

/*
 * The practice the month-end tests close months of: two clinics, a Billing Admin, a Billing
 * poster, an RCM Staff poster, a poster restricted to Mesa, an auditor, two payers, a patient.
 */
export interface MonthEndWorld {
  practice: PracticeFixture;
  mesa: number;
  tempe: number;
  admin: number;
  poster: number;
  rcm: number;
  aetna: number;
  medicare: number;
  patient: number;
  viewers: { admin: Viewer; poster: Viewer; rcm: Viewer; restricted: Viewer; auditor: Viewer };
}

export async function buildMonthEndWorld(db: Database, name = "Month-End PT"): Promise<MonthEndWorld> {
  const practice = await PracticeFixture.create(db, name, "America/Phoenix");
  const mesa = await practice.location("MESA", "Mesa Clinic");
  const tempe = await practice.location("TEMPE", "Tempe Clinic");
  const slug = name.toLowerCase().replace(/[^a-z]+/g, "-");
  const admin = await practice.user({ email: `admin@${slug}.example`, name: "Ada Admin", roles: ["Billing Admin"] });
  const poster = await practice.user({ email: `poster@${slug}.example`, name: "Pat Poster", roles: ["Billing"] });
  const rcm = await practice.user({ email: `rcm@${slug}.example`, name: "Rory RCM", roles: ["RCM Staff"], isRcmStaff: true });
  const restricted = await practice.user({
    email: `restricted@${slug}.example`,
    name: "Rita Restricted",
    roles: ["Front Office Billing - EMR Access Restriction"],
    locationIds: [mesa],
  });
  const auditor = await practice.user({ email: `auditor@${slug}.example`, name: "Avery Auditor", roles: ["Auditor"] });
  return {
    practice,
    mesa,
    tempe,
    admin,
    poster,
    rcm,
    aetna: await practice.payer("Aetna"),
    medicare: await practice.payer("Medicare Part B", "medicare"),
    patient: await practice.patient("100234", "Ana", "García"),
    viewers: {
      admin: await practice.viewer(admin),
      poster: await practice.viewer(poster),
      rcm: await practice.viewer(rcm),
      restricted: await practice.viewer(restricted),
      auditor: await practice.viewer(auditor),
    },
  };
}

/** Marks a batch closed as the batch close does (closed_at and closed_by). */
export async function closeBatch(db: Database, batchId: number, closedBy: number): Promise<void> {
  await db.execute(sql`update batch set closed_at = now(), closed_by = ${closedBy} where id = ${batchId}`);
}

/** A snapshot's rows at the finest grain, in a fixed order, for hand-written expectations. */
export async function snapshotRows(db: Database, snapshotId: number) {
  return queryRows<{
    depositDate: string;
    locationId: number;
    payerType: string;
    method: string;
    source: string;
    postedBy: number;
    byRcmStaff: boolean;
    paymentCount: number;
    postedTotalCents: number;
  }>(
    db,
    sql`select to_char(deposit_date, 'YYYY-MM-DD') as "depositDate", location_id as "locationId", payer_type as "payerType",
               method::text as method, source::text as source, posted_by as "postedBy", by_rcm_staff as "byRcmStaff",
               payment_count as "paymentCount", posted_total_cents as "postedTotalCents"
        from month_snapshot_total where snapshot_id = ${snapshotId}
        order by deposit_date, location_id, payer_type, method, source, posted_by`,
  );
}
