CREATE TABLE "academic_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"sourced_id" text NOT NULL,
	"title" text NOT NULL,
	"type" text NOT NULL,
	"start_date" text NOT NULL,
	"end_date" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	CONSTRAINT "academic_sessions_sourced_id_unique" UNIQUE("sourced_id")
);
--> statement-breakpoint
CREATE TABLE "class_terms" (
	"class_id" text NOT NULL,
	"session_id" text NOT NULL,
	CONSTRAINT "class_terms_class_id_session_id_pk" PRIMARY KEY("class_id","session_id")
);
--> statement-breakpoint
CREATE TABLE "roster_syncs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"started_at" bigint NOT NULL,
	"finished_at" bigint NOT NULL,
	"source" text NOT NULL,
	"source_name" text NOT NULL,
	"format" text,
	"file_hash" text NOT NULL,
	"actor_id" text,
	"outcome" text NOT NULL,
	"report" jsonb NOT NULL,
	"held_bundle" text,
	"approved_by" text,
	"approved_at" bigint
);
--> statement-breakpoint
ALTER TABLE "classes" ADD COLUMN "status" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "enrollments" ADD COLUMN "status" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN "status" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "class_terms" ADD CONSTRAINT "class_terms_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_terms" ADD CONSTRAINT "class_terms_session_id_academic_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."academic_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "roster_syncs_started_idx" ON "roster_syncs" USING btree ("started_at");