CREATE TABLE "badges" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"secret_hash" text NOT NULL,
	"picture" text NOT NULL,
	"secret_pictures" text NOT NULL,
	"issued_at" bigint NOT NULL,
	"issued_by" text,
	"expires_at" bigint,
	"last_used_at" bigint,
	"voided_at" bigint,
	"voided_by" text,
	"void_reason" text
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "badge_id" text;--> statement-breakpoint
ALTER TABLE "badges" ADD CONSTRAINT "badges_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "badges_one_live_per_user" ON "badges" USING btree ("user_id") WHERE voided_at IS NULL;--> statement-breakpoint
CREATE INDEX "badges_user_idx" ON "badges" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_badge_idx" ON "sessions" USING btree ("badge_id");