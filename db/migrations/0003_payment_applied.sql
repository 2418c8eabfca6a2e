CREATE TABLE "payment_applied" (
	"practice_id" integer NOT NULL,
	"payment_id" integer NOT NULL,
	"deposit_date" date NOT NULL,
	"posted_at" timestamp with time zone NOT NULL,
	"applied_cents" bigint DEFAULT 0 NOT NULL,
	"line_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "payment_applied_practice_id_payment_id_pk" PRIMARY KEY("practice_id","payment_id")
);
--> statement-breakpoint
ALTER TABLE "payment_applied" ADD CONSTRAINT "payment_applied_practice_id_payment_id_payment_practice_id_id_fk" FOREIGN KEY ("practice_id","payment_id") REFERENCES "public"."payment"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payment_applied_deposit_idx" ON "payment_applied" USING btree ("practice_id","deposit_date");--> statement-breakpoint
CREATE INDEX "payment_applied_posted_idx" ON "payment_applied" USING btree ("practice_id","posted_at");--> statement-breakpoint
-- Statement-level triggers with transition tables: one INSERT or UPDATE per posting statement
-- (and per 20k-row chunk when the seeder bulk-loads), not one per row.
CREATE FUNCTION payment_applied_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO payment_applied (practice_id, payment_id, deposit_date, posted_at)
  SELECT practice_id, id, deposit_date, posted_at FROM inserted_payment;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION payment_applied_add_lines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE payment_applied pa
  SET applied_cents = pa.applied_cents + added.paid_cents, line_count = pa.line_count + added.line_count
  FROM (
    SELECT practice_id, payment_id, sum(paid_cents) AS paid_cents, count(*) AS line_count
    FROM inserted_line GROUP BY practice_id, payment_id
  ) added
  WHERE pa.practice_id = added.practice_id AND pa.payment_id = added.payment_id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Only the two triggers above write payment_applied: a direct write would make the reports
-- disagree with the ledger, so it is refused like a rewrite of the ledger itself.
CREATE FUNCTION refuse_derived_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is kept by the ledger''s triggers: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
-- Migrations run in one transaction: holding off new postings until the triggers exist means
-- no payment or line lands between the backfill's snapshot and the first trigger.
LOCK TABLE payment, payment_line IN SHARE ROW EXCLUSIVE MODE;
--> statement-breakpoint
INSERT INTO payment_applied (practice_id, payment_id, deposit_date, posted_at, applied_cents, line_count)
SELECT p.practice_id, p.id, p.deposit_date, p.posted_at, coalesce(l.paid_cents, 0), coalesce(l.line_count, 0)
FROM payment p
LEFT JOIN (
  SELECT practice_id, payment_id, sum(paid_cents) AS paid_cents, count(*) AS line_count
  FROM payment_line GROUP BY practice_id, payment_id
) l ON l.practice_id = p.practice_id AND l.payment_id = p.id;
--> statement-breakpoint
CREATE TRIGGER payment_applied_open AFTER INSERT ON payment
  REFERENCING NEW TABLE AS inserted_payment
  FOR EACH STATEMENT EXECUTE FUNCTION payment_applied_open();
--> statement-breakpoint
CREATE TRIGGER payment_applied_add_lines AFTER INSERT ON payment_line
  REFERENCING NEW TABLE AS inserted_line
  FOR EACH STATEMENT EXECUTE FUNCTION payment_applied_add_lines();
--> statement-breakpoint
CREATE TRIGGER payment_applied_only_by_triggers BEFORE INSERT OR UPDATE OR DELETE ON payment_applied
  FOR EACH ROW WHEN (pg_trigger_depth() < 1) EXECUTE FUNCTION refuse_derived_write();
--> statement-breakpoint
CREATE TRIGGER payment_applied_no_truncate BEFORE TRUNCATE ON payment_applied
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_derived_write();
