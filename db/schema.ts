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
    /** Sessions signed in before this no longer count: set when an admin resets the password. */
    sessionsRevokedAt: timestamp("sessions_revoked_at", { withTimezone: true }),
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

/*
 * A one-time link by which a user sets their own password: an admin's invitation or reset.
 * Only the sha-256 of its token is stored. A link is used once (used_at), replaced by the
 * next one for the same user (revoked_at), or expires; at most one is open per user.
 */
export const passwordLink = pgTable(
  "password_link",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    practiceId: integer("practice_id").notNull(),
    userId: integer("user_id").notNull(),
    purpose: text("purpose").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    createdBy: integer("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.userId], foreignColumns: [appUser.practiceId, appUser.id] }),
    foreignKey({ columns: [t.practiceId, t.createdBy], foreignColumns: [appUser.practiceId, appUser.id] }),
    check("password_link_purpose", sql`${t.purpose} in ('invite', 'reset')`),
    check("password_link_token_hash_sha256", sql`${t.tokenHash} ~ '^[0-9a-f]{64}$'`),
    check("password_link_expires_after_created", sql`${t.expiresAt} > ${t.createdAt}`),
    uniqueIndex("password_link_one_open_per_user")
      .on(t.userId)
      .where(sql`${t.usedAt} is null and ${t.revokedAt} is null`),
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
    /** The payer's id in electronic remittances (N1*PR N104, or REF*2U): how an ERA finds its payer. */
    ediPayerId: text("edi_payer_id"),
    /** Added by an ERA import from a remittance's N1*PR, so its type is a guess ("other") to review. */
    needsReview: boolean("needs_review").notNull().default(false),
  },
  (t) => [
    unique("payer_practice_id_id_key").on(t.practiceId, t.id),
    uniqueIndex("payer_edi_payer_id_idx").on(t.practiceId, t.ediPayerId).where(sql`${t.ediPayerId} is not null`),
  ],
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
    /** Narrows a posting search among namesakes (issue 24); unknown for patients the EMR sent without one. */
    dateOfBirth: date("date_of_birth", { mode: "string" }),
  },
  (t) => [
    unique("patient_practice_id_id_key").on(t.practiceId, t.id),
    unique().on(t.practiceId, t.mrn),
    index("patient_birth_idx").on(t.practiceId, t.dateOfBirth),
    // The unique index's collation cannot serve `mrn like '1002%'`; pattern ops can.
    index("patient_mrn_prefix_idx").on(t.practiceId, t.mrn.op("text_pattern_ops")),
  ],
);

/**
 * A claim sent to a payer: the charges it bills, with the practice's own claim number, which
 * an ERA echoes in CLP01 (the patient control number).
 */
export const claim = pgTable(
  "claim",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    practiceId: integer("practice_id").notNull(),
    claimNumber: text("claim_number").notNull(),
    payerId: integer("payer_id").notNull(),
    patientId: integer("patient_id").notNull(),
    locationId: integer("location_id").notNull(),
  },
  (t) => [
    unique("claim_practice_id_id_key").on(t.practiceId, t.id),
    unique("claim_practice_id_claim_number_key").on(t.practiceId, t.claimNumber),
    foreignKey({ columns: [t.practiceId, t.payerId], foreignColumns: [payer.practiceId, payer.id] }),
    foreignKey({ columns: [t.practiceId, t.patientId], foreignColumns: [patient.practiceId, patient.id] }),
    foreignKey({ columns: [t.practiceId, t.locationId], foreignColumns: [location.practiceId, location.id] }),
  ],
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
    /** The claim that bills this charge; null for a charge not billed yet (or billed before claims were kept). */
    claimId: integer("claim_id"),
  },
  (t) => [
    unique("charge_practice_id_id_key").on(t.practiceId, t.id),
    foreignKey({ columns: [t.practiceId, t.claimId], foreignColumns: [claim.practiceId, claim.id] }),
    index("charge_claim_idx").on(t.practiceId, t.claimId),
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
    /**
     * Set when the batch is closed: the database then refuses any payment into it (migration
     * 0006). Reopening clears it; batch_state_change keeps every close and reopen with its reason.
     */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    closedBy: integer("closed_by"),
  },
  (t) => [
    unique("batch_practice_id_id_key").on(t.practiceId, t.id),
    unique("batch_practice_id_batch_number_key").on(t.practiceId, t.batchNumber),
    foreignKey({ columns: [t.practiceId, t.createdBy], foreignColumns: [appUser.practiceId, appUser.id] }),
    foreignKey({ columns: [t.practiceId, t.locationId], foreignColumns: [location.practiceId, location.id] }),
    foreignKey({ columns: [t.practiceId, t.closedBy], foreignColumns: [appUser.practiceId, appUser.id] }),
    check("batch_number_format", sql`${t.batchNumber} ~ '^[A-Za-z0-9][A-Za-z0-9-]{0,39}$'`),
    check("batch_closed_by_whom", sql`(${t.closedAt} is null) = (${t.closedBy} is null)`),
  ],
);

/** Every close and reopen of a batch, append-only. A reopen always has its reason. */
export const batchStateChange = pgTable(
  "batch_state_change",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    practiceId: integer("practice_id").notNull(),
    batchId: integer("batch_id").notNull(),
    state: text("state").notNull(),
    reason: text("reason"),
    changedBy: integer("changed_by").notNull(),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.batchId], foreignColumns: [batch.practiceId, batch.id] }),
    foreignKey({ columns: [t.practiceId, t.changedBy], foreignColumns: [appUser.practiceId, appUser.id] }),
    index("batch_state_change_batch_idx").on(t.practiceId, t.batchId, t.changedAt),
    check("batch_state_change_state", sql`${t.state} in ('closed', 'open')`),
    check("batch_state_change_reopen_reason", sql`${t.state} = 'closed' or ${t.reason} is not null`),
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
    /** The claim an ERA payment pays (CLP), so a later reversal (CLP02=22) finds what to take back. */
    claimId: integer("claim_id"),
    /**
     * A provider-level adjustment of an ERA (PLB reason code: WO, FB, L6, CS, 72, …): money that
     * changes the check without belonging to a claim. Negative when it reduces the check.
     */
    providerAdjustmentCode: text("provider_adjustment_code"),
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
    foreignKey({ columns: [t.practiceId, t.claimId], foreignColumns: [claim.practiceId, claim.id] }),
    index("payment_claim_idx").on(t.practiceId, t.claimId),
    uniqueIndex("payment_one_reversal_idx").on(t.reversesPaymentId),
    uniqueIndex("payment_external_id_idx").on(t.practiceId, t.externalId),
    check("payment_payer_or_patient", sql`${t.payerId} is not null or ${t.patientId} is not null`),
    // A payment is money in; a reversal takes it back. An ERA may also carry money out: a
    // provider-level adjustment that reduces the check, or a payer's reversal of a claim the
    // ledger has no posting for (held unapplied, as an exception).
    check(
      "payment_amount_sign",
      sql`(${t.reversesPaymentId} is null and (${t.amountCents} >= 0 or ${t.source} = 'era')) or (${t.reversesPaymentId} is not null and ${t.amountCents} <= 0)`,
    ),
    check("payment_provider_adjustment_code_format", sql`${t.providerAdjustmentCode} is null or ${t.providerAdjustmentCode} ~ '^[A-Z0-9]{1,3}$'`),
    index("payment_deposit_idx").on(t.practiceId, t.depositDate),
    index("payment_posted_idx").on(t.practiceId, t.postedAt),
    index("payment_poster_deposit_idx").on(t.practiceId, t.postedBy, t.depositDate),
    index("payment_poster_posted_idx").on(t.practiceId, t.postedBy, t.postedAt),
    index("payment_batch_idx").on(t.practiceId, t.batchId),
    // The posting form's duplicate warning: same reference number and amount (lib/posting/duplicates.ts).
    index("payment_reference_amount_idx").on(t.practiceId, t.referenceNumber, t.amountCents),
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

/**
 * One ERA transaction (ST…SE) as imported: posted once into its own batch, or refused whole.
 * A posted remittance is unique per payer, trace number and amount, which is what makes the
 * same file imported twice, or twice at once, post once.
 */
export const eraRemittance = pgTable(
  "era_remittance",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    practiceId: integer("practice_id").notNull(),
    payerId: integer("payer_id").notNull(),
    traceNumber: text("trace_number").notNull(),
    amountCents: cents("amount_cents").notNull(),
    paymentDate: date("payment_date", { mode: "string" }).notNull(),
    method: paymentMethod("method").notNull(),
    status: text("status").notNull(),
    /** Why a refused transaction was refused, e.g. its arithmetic. */
    refusalReason: text("refusal_reason"),
    batchId: integer("batch_id"),
    claimCount: integer("claim_count").notNull(),
    fileName: text("file_name"),
    importedBy: integer("imported_by").notNull(),
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("era_remittance_practice_id_id_key").on(t.practiceId, t.id),
    foreignKey({ columns: [t.practiceId, t.payerId], foreignColumns: [payer.practiceId, payer.id] }),
    foreignKey({ columns: [t.practiceId, t.batchId], foreignColumns: [batch.practiceId, batch.id] }),
    foreignKey({ columns: [t.practiceId, t.importedBy], foreignColumns: [appUser.practiceId, appUser.id] }),
    uniqueIndex("era_remittance_posted_once_idx")
      .on(t.practiceId, t.payerId, t.traceNumber, t.amountCents)
      .where(sql`${t.status} = 'posted'`),
    index("era_remittance_imported_idx").on(t.practiceId, t.importedAt),
    check("era_remittance_status", sql`${t.status} in ('posted', 'refused')`),
    check("era_remittance_posted_has_batch", sql`(${t.status} = 'posted') = (${t.batchId} is not null)`),
  ],
);

/** A claim (CLP) of a remittance as the payer sent it, with its service lines and adjustments in `detail`. */
export const eraClaim = pgTable(
  "era_claim",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    practiceId: integer("practice_id").notNull(),
    remittanceId: integer("remittance_id").notNull(),
    position: integer("position").notNull(),
    claimNumber: text("claim_number").notNull(),
    statusCode: text("status_code").notNull(),
    chargedCents: cents("charged_cents").notNull(),
    paidCents: cents("paid_cents").notNull(),
    patientRespCents: cents("patient_resp_cents").notNull(),
    payerClaimNumber: text("payer_claim_number"),
    patientName: text("patient_name"),
    /** The practice's claim CLP01 names, when there is one. */
    claimId: integer("claim_id"),
    /** The ledger payment that holds this claim's money. */
    paymentId: integer("payment_id").notNull(),
    /** Service lines (procedure, modifiers, dates, charged, paid, units, CAS) and claim-level CAS, as read. */
    detail: jsonb("detail").notNull(),
  },
  (t) => [
    unique("era_claim_practice_id_id_key").on(t.practiceId, t.id),
    foreignKey({ columns: [t.practiceId, t.remittanceId], foreignColumns: [eraRemittance.practiceId, eraRemittance.id] }),
    foreignKey({ columns: [t.practiceId, t.claimId], foreignColumns: [claim.practiceId, claim.id] }),
    foreignKey({ columns: [t.practiceId, t.paymentId], foreignColumns: [payment.practiceId, payment.id] }),
    index("era_claim_remittance_idx").on(t.practiceId, t.remittanceId, t.position),
  ],
);

/**
 * Money of a remittance the import could not apply: held unapplied on the claim's payment
 * until a poster chooses the charge it pays. Append-only like the ledger: resolving adds a
 * row to era_exception_resolution and the lines to the payment, and changes nothing here.
 */
export const eraException = pgTable(
  "era_exception",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    practiceId: integer("practice_id").notNull(),
    remittanceId: integer("remittance_id").notNull(),
    eraClaimId: integer("era_claim_id").notNull(),
    /** Which service line of the claim's detail (0-based), or null for the claim as a whole. */
    serviceLine: integer("service_line"),
    reason: text("reason").notNull(),
    /** What did not match, for the worklist ("CLP01 C-999 is no claim of the practice"). */
    explanation: text("explanation").notNull(),
    amountCents: cents("amount_cents").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("era_exception_practice_id_id_key").on(t.practiceId, t.id),
    foreignKey({ columns: [t.practiceId, t.remittanceId], foreignColumns: [eraRemittance.practiceId, eraRemittance.id] }),
    foreignKey({ columns: [t.practiceId, t.eraClaimId], foreignColumns: [eraClaim.practiceId, eraClaim.id] }),
    index("era_exception_remittance_idx").on(t.practiceId, t.remittanceId),
    check(
      "era_exception_reason",
      sql`${t.reason} in ('claim_not_found', 'service_line_not_found', 'patient_differs', 'amount_differs')`,
    ),
  ],
);

export const eraExceptionResolution = pgTable(
  "era_exception_resolution",
  {
    exceptionId: integer("exception_id").primaryKey(),
    practiceId: integer("practice_id").notNull(),
    chargeId: integer("charge_id").notNull(),
    resolvedBy: integer("resolved_by").notNull(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.exceptionId], foreignColumns: [eraException.practiceId, eraException.id] }),
    foreignKey({ columns: [t.practiceId, t.chargeId], foreignColumns: [charge.practiceId, charge.id] }),
    foreignKey({ columns: [t.practiceId, t.resolvedBy], foreignColumns: [appUser.practiceId, appUser.id] }),
  ],
);

/**
 * A frozen Month-End Payments Breakdown, made when a month is closed: never changed. Reopening
 * keeps it; closing again makes another, so a month's closes are its snapshots in order.
 */
export const monthSnapshot = pgTable(
  "month_snapshot",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    practiceId: integer("practice_id").notNull(),
    /** The month's first day. */
    month: date("month", { mode: "string" }).notNull(),
    closedBy: integer("closed_by").notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }).notNull().defaultNow(),
    /** Why the month was closed with its checklist failing; null for a clean close. */
    overrideReason: text("override_reason"),
    /** What was in the way when an override closed it (batch numbers, exceptions), as the month page listed them. */
    blockers: jsonb("blockers").notNull().default([]),
  },
  (t) => [
    unique("month_snapshot_practice_id_id_key").on(t.practiceId, t.id),
    foreignKey({ columns: [t.practiceId, t.closedBy], foreignColumns: [appUser.practiceId, appUser.id] }),
    index("month_snapshot_month_idx").on(t.practiceId, t.month, t.closedAt),
    check("month_snapshot_first_day", sql`extract(day from ${t.month}) = 1`),
  ],
);

/**
 * A snapshot's totals at the breakdown's finest grain (deposit date, location, payer type, method,
 * source, poster), in integer cents. `byRcmStaff` freezes whether the poster was RCM staff at the
 * close, so both variants are frozen: standard is the rows without RCM staff, Full Access all rows.
 */
export const monthSnapshotTotal = pgTable(
  "month_snapshot_total",
  {
    practiceId: integer("practice_id").notNull(),
    snapshotId: integer("snapshot_id").notNull(),
    depositDate: date("deposit_date", { mode: "string" }).notNull(),
    locationId: integer("location_id").notNull(),
    /** The payer's type, or "patient" for a patient payment. */
    payerType: text("payer_type").notNull(),
    method: paymentMethod("method").notNull(),
    source: paymentSource("source").notNull(),
    postedBy: integer("posted_by").notNull(),
    byRcmStaff: boolean("by_rcm_staff").notNull(),
    paymentCount: integer("payment_count").notNull(),
    postedTotalCents: cents("posted_total_cents").notNull(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.snapshotId], foreignColumns: [monthSnapshot.practiceId, monthSnapshot.id] }),
    foreignKey({ columns: [t.practiceId, t.locationId], foreignColumns: [location.practiceId, location.id] }),
    foreignKey({ columns: [t.practiceId, t.postedBy], foreignColumns: [appUser.practiceId, appUser.id] }),
    index("month_snapshot_total_snapshot_idx").on(t.practiceId, t.snapshotId),
  ],
);

/**
 * The months closed now: the lock the database checks on every payment and payment line
 * (migration 0006). One row per month, so two admins closing at once make one close; reopening
 * deletes the row, and month_close_event keeps the history.
 */
export const closedMonth = pgTable(
  "closed_month",
  {
    practiceId: integer("practice_id").notNull(),
    month: date("month", { mode: "string" }).notNull(),
    snapshotId: integer("snapshot_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.practiceId, t.month] }),
    foreignKey({ columns: [t.practiceId, t.snapshotId], foreignColumns: [monthSnapshot.practiceId, monthSnapshot.id] }),
    check("closed_month_first_day", sql`extract(day from ${t.month}) = 1`),
  ],
);

/** Every close and reopen of a month, append-only: who, when, why, and the snapshot a close made. */
export const monthCloseEvent = pgTable(
  "month_close_event",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    practiceId: integer("practice_id").notNull(),
    month: date("month", { mode: "string" }).notNull(),
    action: text("action").notNull(),
    /** The override reason of a close past its checklist, or the reason of a reopen. */
    reason: text("reason"),
    snapshotId: integer("snapshot_id"),
    actedBy: integer("acted_by").notNull(),
    actedAt: timestamp("acted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.snapshotId], foreignColumns: [monthSnapshot.practiceId, monthSnapshot.id] }),
    foreignKey({ columns: [t.practiceId, t.actedBy], foreignColumns: [appUser.practiceId, appUser.id] }),
    index("month_close_event_month_idx").on(t.practiceId, t.month, t.actedAt),
    check("month_close_event_action", sql`${t.action} in ('closed', 'reopened')`),
    check("month_close_event_closed_snapshot", sql`(${t.action} = 'closed') = (${t.snapshotId} is not null)`),
    check("month_close_event_reopen_reason", sql`${t.action} = 'closed' or ${t.reason} is not null`),
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
