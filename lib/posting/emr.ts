import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { z } from "zod";
import type { Database } from "@/db/client";
import { appUser, batch, location, patient, payment, practice } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { EARLIEST_DATE, LATEST_DATE, formatUsDate, isRealIsoDate, todayIn } from "@/lib/dates";
import { openSystemBatch } from "./batches";
import { closedPeriodError, firstOpenDay, monthLabel } from "./closed-period";
import { PostingError } from "./errors";
import { parseInput } from "./rules";
import { emrCollectionInput } from "./schemas";

/*
 * The EMR integration endpoint (DESIGN.md "EMR integration endpoint"): the front desk
 * collects a copay in the EMR, and the EMR sends it here once or more. Each externalId is
 * posted once per practice, by the practice's "Integration Import" system user, into the
 * day's integration batch of its location, unapplied (the poster applies it later). A late
 * collection whose day lies in a closed month is posted on the first open day instead, and
 * its payment's note says when it was collected and which month was closed.
 */

const INTEGRATION_USER_NAME = "Integration Import";

export interface EmrPosting {
  /** 201 when this call posted the payment, 200 when the externalId was already posted. */
  status: 200 | 201;
  body: { paymentId: number; batchNumber: string };
}

interface IntegrationPractice {
  practiceId: number;
  timezone: string;
}

function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The practice whose integration token this is; the token is stored only as its sha-256. */
export async function practiceForToken(db: Database, token: string | null): Promise<IntegrationPractice> {
  const refused = new PostingError(401, "Send the practice's integration token as Authorization: Bearer <token>.");
  if (!token) throw refused;
  const hash = sha256Hex(token);
  const [row] = await db
    .select({ id: practice.id, timezone: practice.timezone, hash: practice.emrTokenHash })
    .from(practice)
    .where(eq(practice.emrTokenHash, hash));
  // The lookup is by hash already; the constant-time compare keeps the check honest if it ever changes.
  if (!row?.hash || !timingSafeEqual(Buffer.from(row.hash, "hex"), Buffer.from(hash, "hex"))) throw refused;
  return { practiceId: row.id, timezone: row.timezone };
}

/** The practice's "Integration Import" system user, whom the EMR and clearinghouse integrations post as. */
export async function integrationUserOf(tx: Database, practiceId: number): Promise<{ id: number }> {
  const [integrationUser] = await tx
    .select({ id: appUser.id })
    .from(appUser)
    .where(
      and(
        eq(appUser.practiceId, practiceId),
        eq(appUser.isSystem, true),
        eq(appUser.name, INTEGRATION_USER_NAME),
        isNull(appUser.disabledAt),
      ),
    )
    .orderBy(asc(appUser.id))
    .limit(1);
  if (!integrationUser) throw new PostingError(503, `The practice has no active "${INTEGRATION_USER_NAME}" user to post as.`);
  return integrationUser;
}

/** The EMR location code as it appears in a batch number; codes are compared case-insensitively. */
const BATCH_CODE = /^[A-Z0-9][A-Z0-9-]{0,20}$/;

function emrBatchNumber(locationCode: string, isoDate: string): string {
  return `EMR-${locationCode.toUpperCase()}-${isoDate.replaceAll("-", "")}`;
}

async function existingPosting(tx: Database, practiceId: number, externalId: string): Promise<EmrPosting | null> {
  const [row] = await tx
    .select({ paymentId: payment.id, batchNumber: batch.batchNumber })
    .from(payment)
    .innerJoin(batch, and(eq(batch.practiceId, payment.practiceId), eq(batch.id, payment.batchId)))
    .where(and(eq(payment.practiceId, practiceId), eq(payment.externalId, externalId)));
  return row ? { status: 200, body: row } : null;
}

export async function postEmrCollection(db: Database, practiceToken: string | null, body: unknown): Promise<EmrPosting> {
  const { practiceId, timezone } = await practiceForToken(db, practiceToken);
  const input = parseInput(emrCollectionInput, body);
  const collectedAt = DateTime.fromISO(input.collectedAt, { setZone: true });
  const depositDate = collectedAt.setZone(timezone).toISODate()!;
  if (!isRealIsoDate(depositDate)) {
    throw new PostingError(422, `collectedAt must fall between ${EARLIEST_DATE} and ${LATEST_DATE}.`, "collectedAt");
  }
  const today = todayIn(timezone);
  if (depositDate > today) {
    throw new PostingError(
      422,
      `collectedAt is on ${formatUsDate(depositDate)} in the practice's timezone, after today (${formatUsDate(today)}).`,
      "collectedAt",
    );
  }

  const placement = await placementOf(db, practiceId, depositDate, today);
  try {
    return await postOnce(db, practiceId, input, collectedAt, placement);
  } catch (error) {
    // A month closed since placementOf looked: the database's refusal, as a 422 naming it.
    if (!(error instanceof AlreadyPosted)) throw closedPeriodError(error);
    // Rolled back, so a batch this call made for a different date does not linger empty.
    const first = await existingPosting(db, practiceId, input.externalId);
    if (!first) throw new Error(`externalId ${input.externalId} conflicted but is not posted`);
    return first;
  }
}

interface Placement {
  depositDate: string;
  /** Why the deposit date is not the collection's day; null when it is. */
  note: string | null;
}

/**
 * The collection's own day, or the first open day when its month is closed (a closed month's
 * totals are frozen). Never a day after today: then the database refuses it, naming the month.
 */
async function placementOf(db: Database, practiceId: number, collectedOn: string, today: string): Promise<Placement> {
  const openDay = await firstOpenDay(db, practiceId, collectedOn);
  if (openDay === collectedOn || openDay > today) return { depositDate: collectedOn, note: null };
  return { depositDate: openDay, note: `Collected ${collectedOn}; ${monthLabel(collectedOn.slice(0, 7))} is closed` };
}

/** Signals that a concurrent call posted the same externalId first. */
class AlreadyPosted extends Error {}

async function postOnce(
  db: Database,
  practiceId: number,
  input: z.output<typeof emrCollectionInput>,
  collectedAt: DateTime,
  { depositDate, note }: Placement,
): Promise<EmrPosting> {
  return db.transaction(async (transaction) => {
    const tx = transaction as unknown as Database;
    const repeated = await existingPosting(tx, practiceId, input.externalId);
    if (repeated) return repeated;

    const [place] = await tx
      .select({ id: location.id, code: location.code })
      .from(location)
      .where(and(eq(location.practiceId, practiceId), sql`upper(${location.code}) = upper(${input.locationCode})`))
      .orderBy(sql`${location.code} = ${input.locationCode} desc`)
      .limit(1);
    if (!place || !BATCH_CODE.test(place.code.toUpperCase())) {
      throw new PostingError(422, `No location with code ${input.locationCode} in this practice.`, "locationCode");
    }
    const [person] = await tx
      .select({ id: patient.id })
      .from(patient)
      .where(and(eq(patient.practiceId, practiceId), eq(patient.mrn, input.patientMrn)));
    if (!person) throw new PostingError(422, `No patient with MRN ${input.patientMrn} in this practice.`, "patientMrn");
    const integrationUser = await integrationUserOf(tx, practiceId);

    const dayBatch = await openSystemBatch(tx, emrBatchNumber(place.code, depositDate), {
      practiceId,
      depositDate,
      locationId: place.id,
      controlTotalCents: null,
      createdBy: integrationUser.id,
      createdAt: collectedAt.toJSDate(),
    });
    const { batchNumber } = dayBatch;
    if (dayBatch.created) {
      await recordAudit(tx, {
        practiceId,
        userId: integrationUser.id,
        action: "batch_created",
        details: { batchId: dayBatch.id, batchNumber, depositDate, locationId: place.id, kind: "emr_integration" },
      });
    }

    // A concurrent call with the same externalId waits here for the first and then posts nothing.
    const [posted] = await tx
      .insert(payment)
      .values({
        practiceId,
        batchId: dayBatch.id,
        locationId: place.id,
        payerId: null,
        patientId: person.id,
        method: input.method,
        referenceNumber: input.referenceNumber,
        amountCents: input.amount,
        depositDate,
        postedAt: collectedAt.toJSDate(),
        postedBy: integrationUser.id,
        source: "emr_integration",
        externalId: input.externalId,
        note,
      })
      .onConflictDoNothing({ target: [payment.practiceId, payment.externalId] })
      .returning({ id: payment.id });
    if (!posted) throw new AlreadyPosted();
    await recordAudit(tx, {
      practiceId,
      userId: integrationUser.id,
      action: "payment_posted",
      details: {
        paymentId: posted.id,
        batchNumber,
        externalId: input.externalId,
        amountCents: input.amount,
        depositDate,
        postedAt: collectedAt.toUTC().toISO(),
        source: "emr_integration",
        ...(note ? { note } : {}),
      },
    });
    return { status: 201, body: { paymentId: posted.id, batchNumber } };
  });
}
