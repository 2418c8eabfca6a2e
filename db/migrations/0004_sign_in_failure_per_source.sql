CREATE TABLE "sign_in_failure" (
	"practice_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"source" text NOT NULL,
	"failed_sign_ins" integer NOT NULL,
	"last_failed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sign_in_failure_user_id_source_pk" PRIMARY KEY("user_id","source")
);
--> statement-breakpoint
ALTER TABLE "sign_in_failure" ADD CONSTRAINT "sign_in_failure_practice_id_user_id_app_user_practice_id_id_fk" FOREIGN KEY ("practice_id","user_id") REFERENCES "public"."app_user"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_user" DROP COLUMN "failed_sign_ins";--> statement-breakpoint
ALTER TABLE "app_user" DROP COLUMN "last_failed_sign_in_at";