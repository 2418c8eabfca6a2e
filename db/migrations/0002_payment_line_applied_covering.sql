DROP INDEX "payment_line_payment_idx";--> statement-breakpoint
CREATE INDEX "payment_line_payment_idx" ON "payment_line" USING btree ("payment_id","practice_id","paid_cents");