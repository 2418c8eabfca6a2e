ALTER TABLE "patient" ADD COLUMN "date_of_birth" date;--> statement-breakpoint
CREATE INDEX "patient_birth_idx" ON "patient" USING btree ("practice_id","date_of_birth");--> statement-breakpoint
CREATE INDEX "patient_mrn_prefix_idx" ON "patient" USING btree ("practice_id","mrn" text_pattern_ops);