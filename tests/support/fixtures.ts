import type { Database } from "@/db/client";
import {
  appUser,
  batch,
  charge,
  location,
  patient,
  payer,
  payment,
  paymentLine,
  practice,
  userLocation,
  userRole,
} from "@/db/schema";
import { loadViewer, type Viewer } from "@/lib/access/viewer";
import type { Role } from "@/lib/access/permissions";

/*
 * Hand-made ledgers for tests: every amount is written by the test in cents, so expected
 * totals can be worked out by hand and written into the assertions.
 */

export interface LineSpec {
  chargeId: number;
  paidCents: number;
  adjustmentCents?: number;
  adjustmentReason?: string | null;
  patientRespCents?: number;
}

export interface PaymentSpec {
  batchId: number;
  postedBy: number;
  locationId: number;
  amountCents: number;
  /** An instant with its offset, e.g. "2026-03-31T23:30:00-07:00". */
  postedAt: string;
  depositDate: string;
  payerId?: number | null;
  patientId?: number | null;
  method?: "check" | "eft" | "credit_card" | "cash" | "other";
  referenceNumber?: string | null;
  source?: "manual" | "era" | "emr_integration";
  reversesPaymentId?: number | null;
  lines?: LineSpec[];
}

export class PracticeFixture {
  private constructor(
    readonly db: Database,
    readonly practiceId: number,
  ) {}

  static async create(db: Database, name = "Test Physical Therapy", timezone = "America/Phoenix") {
    const [row] = await db.insert(practice).values({ name, timezone }).returning({ id: practice.id });
    return new PracticeFixture(db, row!.id);
  }

  async location(code: string, name = `${code} Clinic`): Promise<number> {
    const [row] = await this.db
      .insert(location)
      .values({ practiceId: this.practiceId, code, name })
      .returning({ id: location.id });
    return row!.id;
  }

  async user(spec: {
    email: string;
    name?: string;
    roles: Role[];
    isRcmStaff?: boolean;
    locationIds?: number[];
    passwordHash?: string | null;
    disabled?: boolean;
  }): Promise<number> {
    const [row] = await this.db
      .insert(appUser)
      .values({
        practiceId: this.practiceId,
        email: spec.email,
        name: spec.name ?? spec.email.split("@")[0]!,
        passwordHash: spec.passwordHash ?? null,
        isRcmStaff: spec.isRcmStaff ?? false,
        disabledAt: spec.disabled ? new Date() : null,
      })
      .returning({ id: appUser.id });
    const userId = row!.id;
    for (const role of spec.roles) await this.db.insert(userRole).values({ practiceId: this.practiceId, userId, role });
    for (const locationId of spec.locationIds ?? []) {
      await this.db.insert(userLocation).values({ practiceId: this.practiceId, userId, locationId });
    }
    return userId;
  }

  async viewer(userId: number): Promise<Viewer> {
    const viewer = await loadViewer(this.db, userId, this.practiceId);
    if (!viewer) throw new Error(`user ${userId} has no viewer`);
    return viewer;
  }

  async payer(name: string, payerType: "commercial" | "medicare" | "medicaid" | "workers_comp" | "auto" | "other" = "commercial") {
    const [row] = await this.db
      .insert(payer)
      .values({ practiceId: this.practiceId, name, payerType })
      .returning({ id: payer.id });
    return row!.id;
  }

  async patient(mrn: string, firstName: string, lastName: string, dateOfBirth: string | null = null) {
    const [row] = await this.db
      .insert(patient)
      .values({ practiceId: this.practiceId, mrn, firstName, lastName, dateOfBirth })
      .returning({ id: patient.id });
    return row!.id;
  }

  async charge(spec: {
    patientId: number;
    locationId: number;
    dateOfService: string;
    cptCode: string;
    billedCents: number;
    modifiers?: string | null;
    units?: number;
  }) {
    const [row] = await this.db
      .insert(charge)
      .values({ practiceId: this.practiceId, units: 1, ...spec })
      .returning({ id: charge.id });
    return row!.id;
  }

  async batch(spec: {
    batchNumber: string;
    depositDate: string;
    createdBy: number;
    controlTotalCents?: number | null;
    locationId?: number | null;
  }) {
    const [row] = await this.db
      .insert(batch)
      .values({ practiceId: this.practiceId, controlTotalCents: null, ...spec })
      .returning({ id: batch.id });
    return row!.id;
  }

  async payment(spec: PaymentSpec): Promise<number> {
    const [row] = await this.db
      .insert(payment)
      .values({
        practiceId: this.practiceId,
        batchId: spec.batchId,
        locationId: spec.locationId,
        payerId: spec.payerId ?? null,
        patientId: spec.patientId ?? null,
        method: spec.method ?? "check",
        referenceNumber: spec.referenceNumber ?? null,
        amountCents: spec.amountCents,
        depositDate: spec.depositDate,
        postedAt: new Date(spec.postedAt),
        postedBy: spec.postedBy,
        source: spec.source ?? "manual",
        reversesPaymentId: spec.reversesPaymentId ?? null,
      })
      .returning({ id: payment.id });
    const paymentId = row!.id;
    for (const line of spec.lines ?? []) {
      await this.db.insert(paymentLine).values({
        practiceId: this.practiceId,
        paymentId,
        chargeId: line.chargeId,
        paidCents: line.paidCents,
        adjustmentCents: line.adjustmentCents ?? 0,
        adjustmentReason: line.adjustmentReason ?? null,
        patientRespCents: line.patientRespCents ?? 0,
      });
    }
    return paymentId;
  }
}
