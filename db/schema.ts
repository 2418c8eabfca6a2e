import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";
// Relative, not "@/": drizzle-kit and the migrate and seed scripts load this file without the alias.
import { ROLES } from "../lib/access/permissions";
import { PAYER_TYPES, PAYMENT_METHODS, PAYMENT_SOURCES } from "../lib/ledger-vocabulary";

/*
 * Every table carries practice_id (the tenant and future distribution key), and every
 * reference between tenant rows is a composite foreign key on (practice_id, id), so the
 * database itself refuses a row that points into another practice.
 */

export const payerType = pgEnum("payer_type", PAYER_TYPES);
export const paymentMethod = pgEnum("payment_method", PAYMENT_METHODS);
export const paymentSource = pgEnum("payment_source", PAYMENT_SOURCES);
export const roleName = pgEnum("role_name", ROLES);

const cents = (name: string) => bigint(name, { mode: "number" });

export const practice = pgTable("practice", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  name: text("name").notNull(),
  timezone: text("timezone").notNull(),
  /** sha-256 of the EMR integration bearer token; the token itself is never stored. */
  emrTokenHash: text("emr_token_hash").unique(),
});

export const location = pgTable(
  "location",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    practiceId: integer("practice_id")
      .notNull()
      .references(() => practice.id),
    name: text("name").notNull(),
    code: text("code").notNull(),
  },
  (t) => [unique("location_practice_id_id_key").on(t.practiceId, t.id), unique().on(t.practiceId, t.code)],
);

export const appUser = pgTable(
  "app_user",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    practiceId: integer("practice_id")
      .notNull()
      .references(() => practice.id),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    isRcmStaff: boolean("is_rcm_staff").notNull().default(false),
    isSystem: boolean("is_system").notNull().default(false),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
  },
  (t) => [
    unique("app_user_practice_id_id_key").on(t.practiceId, t.id),
    uniqueIndex("app_user_email_key").on(sql`lower(${t.email})`),
    check("app_user_email_lowercase", sql`${t.email} = lower(${t.email})`),
  ],
);

/*
 * Failed sign-ins counted per account *and* source address: a stranger failing on purpose
 * locks only their own address out of the account, never its owner at the office.
 */
export const signInFailure = pgTable(
  "sign_in_failure",
  {
    practiceId: integer("practice_id").notNull(),
    userId: integer("user_id").notNull(),
    source: text("source").notNull(),
    failedSignIns: integer("failed_sign_ins").notNull(),
    lastFailedAt: timestamp("last_failed_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.source] }),
    foreignKey({ columns: [t.practiceId, t.userId], foreignColumns: [appUser.practiceId, appUser.id] }),
  ],
);

export const userRole = pgTable(
  "user_role",
  {
    practiceId: integer("practice_id").notNull(),
    userId: integer("user_id").notNull(),
    role: roleName("role").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.role] }),
    foreignKey({ columns: [t.practiceId, t.userId], foreignColumns: [appUser.practiceId, appUser.id] }),
  ],
);

export const userLocation = pgTable(
  "user_location",
  {
    practiceId: integer("practice_id").notNull(),
    userId: integer("user_id").notNull(),
    locationId: integer("location_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.locationId] }),
    foreignKey({ columns: [t.practiceId, t.userId], foreignColumns: [appUser.practiceId, appUser.id] }),
    foreignKey({ columns: [t.practiceId, t.locationId], foreignColumns: [location.practiceId, location.id] }),
  ],
);

export const payer = pgTable(
  "payer",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    practiceId: integer("practice_id")
      .notNull()
      .references(() => practice.id),
    name: text("name").notNull(),
    payerType: payerType("payer_type").notNull(),
  },
  (t) => [unique("payer_practice_id_id_key").on(t.practiceId, t.id)],
);

export const patient = pgTable(
  "patient",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    practiceId: integer("practice_id")
      .notNull()
      .references(() => practice.id),
    mrn: text("mrn").notNull(),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
  },
  (t) => [unique("patient_practice_id_id_key").on(t.practiceId, t.id), unique().on(t.practiceId, t.mrn)],
);

export const charge = pgTable(
  "charge",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    practiceId: integer("practice_id").notNull(),
    locationId: integer("location_id").notNull(),
    patientId: integer("patient_id").notNull(),
    dateOfService: date("date_of_service", { mode: "string" }).notNull(),
    cptCode: text("cpt_code").notNull(),
    modifiers: text("modifiers"),
    units: integer("units").notNull().default(1),
    billedCents: cents("billed_cents").notNull(),
  },
  (t) => [
    unique("charge_practice_id_id_key").on(t.practiceId, t.id),
    foreignKey({ columns: [t.practiceId, t.locationId], foreignColumns: [location.practiceId, location.id] }),
    foreignKey({ columns: [t.practiceId, t.patientId], foreignColumns: [patient.practiceId, patient.id] }),
    index("charge_patient_idx").on(t.practiceId, t.patientId, t.dateOfService),
    check("charge_units_positive", sql`${t.units} > 0`),
    check("charge_billed_nonnegative", sql`${t.billedCents} >= 0`),
  ],
);

export const batch = pgTable(
  "batch",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    practiceId: integer("practice_id").notNull(),
    batchNumber: text("batch_number").notNull(),
    depositDate: date("deposit_date", { mode: "string" }).notNull(),
    locationId: integer("location_id"),
    controlTotalCents: cents("control_total_cents"),
    createdBy: integer("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("batch_practice_id_id_key").on(t.practiceId, t.id),
    unique("batch_practice_id_batch_number_key").on(t.practiceId, t.batchNumber),
    foreignKey({ columns: [t.practiceId, t.createdBy], foreignColumns: [appUser.practiceId, appUser.id] }),
    foreignKey({ columns: [t.practiceId, t.locationId], foreignColumns: [location.practiceId, location.id] }),
    check("batch_number_format", sql`${t.batchNumber} ~ '^[A-Za-z0-9][A-Za-z0-9-]{0,39}$'`),
  ],
);

export const payment = pgTable(
  "payment",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    practiceId: integer("practice_id").notNull(),
    batchId: integer("batch_id").notNull(),
    locationId: integer("location_id").notNull(),
    payerId: integer("payer_id"),
    patientId: integer("patient_id"),
    method: paymentMethod("method").notNull(),
    referenceNumber: text("reference_number"),
    amountCents: cents("amount_cents").notNull(),
    depositDate: date("deposit_date", { mode: "string" }).notNull(),
    postedAt: timestamp("posted_at", { withTimezone: true }).notNull().defaultNow(),
    postedBy: integer("posted_by").notNull(),
    source: paymentSource("source").notNull(),
    reversesPaymentId: integer("reverses_payment_id"),
    /** The EMR's own id for a front-desk collection: the integration posts each one once. */
    externalId: text("external_id"),
    note: text("note"),
  },
  (t) => [
    unique("payment_practice_id_id_key").on(t.practiceId, t.id),
    foreignKey({ columns: [t.practiceId, t.batchId], foreignColumns: [batch.practiceId, batch.id] }),
    foreignKey({ columns: [t.practiceId, t.locationId], foreignColumns: [location.practiceId, location.id] }),
    foreignKey({ columns: [t.practiceId, t.payerId], foreignColumns: [payer.practiceId, payer.id] }),
    foreignKey({ columns: [t.practiceId, t.patientId], foreignColumns: [patient.practiceId, patient.id] }),
    foreignKey({ columns: [t.practiceId, t.postedBy], foreignColumns: [appUser.practiceId, appUser.id] }),
    foreignKey({
      columns: [t.practiceId, t.reversesPaymentId],
      foreignColumns: [t.practiceId, t.id],
    }),
    uniqueIndex("payment_one_reversal_idx").on(t.reversesPaymentId),
    uniqueIndex("payment_external_id_idx").on(t.practiceId, t.externalId),
    check("payment_payer_or_patient", sql`${t.payerId} is not null or ${t.patientId} is not null`),
    check(
      "payment_amount_sign",
      sql`(${t.reversesPaymentId} is null and ${t.amountCents} >= 0) or (${t.reversesPaymentId} is not null and ${t.amountCents} <= 0)`,
    ),
    index("payment_deposit_idx").on(t.practiceId, t.depositDate),
    index("payment_posted_idx").on(t.practiceId, t.postedAt),
    index("payment_poster_deposit_idx").on(t.practiceId, t.postedBy, t.depositDate),
    index("payment_poster_posted_idx").on(t.practiceId, t.postedBy, t.postedAt),
    index("payment_batch_idx").on(t.practiceId, t.batchId),
  ],
);

export const paymentLine = pgTable(
  "payment_line",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    practiceId: integer("practice_id").notNull(),
    paymentId: integer("payment_id").notNull(),
    chargeId: integer("charge_id").notNull(),
    paidCents: cents("paid_cents").notNull(),
    adjustmentCents: cents("adjustment_cents").notNull().default(0),
    adjustmentReason: text("adjustment_reason"),
    patientRespCents: cents("patient_resp_cents").notNull().default(0),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.paymentId], foreignColumns: [payment.practiceId, payment.id] }),
    foreignKey({ columns: [t.practiceId, t.chargeId], foreignColumns: [charge.practiceId, charge.id] }),
    // Key columns beyond payment_id make the report's per-payment applied sum an index-only scan.
    index("payment_line_payment_idx").on(t.paymentId, t.practiceId, t.paidCents),
    index("payment_line_charge_idx").on(t.practiceId, t.chargeId),
    check(
      "payment_line_reason_format",
      sql`${t.adjustmentReason} is null or ${t.adjustmentReason} ~ '^(CO|PR|OA|PI|CR)-[A-Z0-9]{1,5}$'`,
    ),
  ],
);

/**
 * Each payment's applied amount (the sum of its lines' paid_cents) and line count, kept by
 * triggers on payment and payment_line (migration 0003), so a report reads one row per
 * payment instead of summing its lines on every request. The payment's deposit date and
 * posting time are copied here so a month's rows are found by the same range as the
 * month's payments, and the two sides join by hash rather than one lookup per payment.
 */
export const paymentApplied = pgTable(
  "payment_applied",
  {
    practiceId: integer("practice_id").notNull(),
    paymentId: integer("payment_id").notNull(),
    depositDate: date("deposit_date", { mode: "string" }).notNull(),
    postedAt: timestamp("posted_at", { withTimezone: true }).notNull(),
    appliedCents: cents("applied_cents").notNull().default(0),
    lineCount: integer("line_count").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.practiceId, t.paymentId] }),
    foreignKey({ columns: [t.practiceId, t.paymentId], foreignColumns: [payment.practiceId, payment.id] }),
    index("payment_applied_deposit_idx").on(t.practiceId, t.depositDate),
    index("payment_applied_posted_idx").on(t.practiceId, t.postedAt),
  ],
);

export const auditEvent = pgTable(
  "audit_event",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    practiceId: integer("practice_id").references(() => practice.id),
    userId: integer("user_id").references(() => appUser.id),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    action: text("action").notNull(),
    details: jsonb("details").notNull().default({}),
  },
  (t) => [index("audit_event_practice_at_idx").on(t.practiceId, t.at)],
);

/** A retried posting request with the same Idempotency-Key returns the first answer. */
export const idempotencyKey = pgTable(
  "idempotency_key",
  {
    practiceId: integer("practice_id").notNull(),
    userId: integer("user_id").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    responseStatus: integer("response_status").notNull(),
    responseBody: jsonb("response_body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.practiceId, t.userId, t.key] }),
    foreignKey({ columns: [t.practiceId, t.userId], foreignColumns: [appUser.practiceId, appUser.id] }),
  ],
);
