CREATE TABLE "connector_drafts" (
	"id" text PRIMARY KEY NOT NULL,
	"app_id" text NOT NULL,
	"definition" jsonb NOT NULL,
	"captured_by" text NOT NULL,
	"captured_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "connector_test_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"app_id" text NOT NULL,
	"definition" jsonb NOT NULL,
	"username" text NOT NULL,
	"password" text NOT NULL,
	"extra" text,
	"created_by" text NOT NULL,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	"released_at" bigint,
	"outcome" text,
	"outcome_reason" text,
	"seen" jsonb,
	"outcome_at" bigint
);
--> statement-breakpoint
CREATE TABLE "oidc_payloads" (
	"model" text NOT NULL,
	"id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"grant_id" text,
	"user_code" text,
	"uid" text,
	"expires_at" bigint,
	"consumed_at" bigint,
	CONSTRAINT "oidc_payloads_model_id_pk" PRIMARY KEY("model","id")
);
--> statement-breakpoint
CREATE TABLE "sso_registration_versions" (
	"app_id" text NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"change" text NOT NULL,
	"changed_by" text,
	"changed_at" bigint NOT NULL,
	CONSTRAINT "sso_registration_versions_app_id_version_pk" PRIMARY KEY("app_id","version")
);
--> statement-breakpoint
CREATE TABLE "sso_registrations" (
	"app_id" text PRIMARY KEY NOT NULL,
	"protocol" text NOT NULL,
	"client_id" text,
	"client_secret" text,
	"redirect_uris" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"post_logout_redirect_uris" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sp_entity_id" text,
	"sp_metadata" text,
	"acs_endpoints" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"name_id_format" text,
	"subject" text NOT NULL,
	"claims" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attribute_names" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" bigint NOT NULL,
	"updated_by" text,
	CONSTRAINT "sso_registrations_client_id_unique" UNIQUE("client_id"),
	CONSTRAINT "sso_registrations_sp_entity_id_unique" UNIQUE("sp_entity_id")
);
--> statement-breakpoint
ALTER TABLE "connector_drafts" ADD CONSTRAINT "connector_drafts_app_id_apps_id_fk" FOREIGN KEY ("app_id") REFERENCES "public"."apps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connector_drafts" ADD CONSTRAINT "connector_drafts_captured_by_users_id_fk" FOREIGN KEY ("captured_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connector_test_runs" ADD CONSTRAINT "connector_test_runs_app_id_apps_id_fk" FOREIGN KEY ("app_id") REFERENCES "public"."apps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connector_test_runs" ADD CONSTRAINT "connector_test_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_registration_versions" ADD CONSTRAINT "sso_registration_versions_app_id_apps_id_fk" FOREIGN KEY ("app_id") REFERENCES "public"."apps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_registrations" ADD CONSTRAINT "sso_registrations_app_id_apps_id_fk" FOREIGN KEY ("app_id") REFERENCES "public"."apps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_registrations" ADD CONSTRAINT "sso_registrations_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "oidc_payloads_grant_idx" ON "oidc_payloads" USING btree ("grant_id");--> statement-breakpoint
CREATE INDEX "oidc_payloads_uid_idx" ON "oidc_payloads" USING btree ("uid");--> statement-breakpoint
CREATE INDEX "oidc_payloads_user_code_idx" ON "oidc_payloads" USING btree ("user_code");--> statement-breakpoint
CREATE INDEX "oidc_payloads_expiry_idx" ON "oidc_payloads" USING btree ("expires_at");