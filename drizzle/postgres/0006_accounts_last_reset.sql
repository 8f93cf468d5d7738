ALTER TABLE "accounts" ADD COLUMN "last_reset_at" bigint;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "last_reset_by" text;