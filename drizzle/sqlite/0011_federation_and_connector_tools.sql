CREATE TABLE `connector_drafts` (
	`id` text PRIMARY KEY NOT NULL,
	`app_id` text NOT NULL,
	`definition` text NOT NULL,
	`captured_by` text NOT NULL,
	`captured_at` integer NOT NULL,
	FOREIGN KEY (`app_id`) REFERENCES `apps`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`captured_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `connector_test_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`app_id` text NOT NULL,
	`definition` text NOT NULL,
	`username` text NOT NULL,
	`password` text NOT NULL,
	`extra` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`released_at` integer,
	`outcome` text,
	`outcome_reason` text,
	`seen` text,
	`outcome_at` integer,
	FOREIGN KEY (`app_id`) REFERENCES `apps`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `oidc_payloads` (
	`model` text NOT NULL,
	`id` text NOT NULL,
	`payload` text NOT NULL,
	`grant_id` text,
	`user_code` text,
	`uid` text,
	`expires_at` integer,
	`consumed_at` integer,
	PRIMARY KEY(`model`, `id`)
);
--> statement-breakpoint
CREATE INDEX `oidc_payloads_grant_idx` ON `oidc_payloads` (`grant_id`);--> statement-breakpoint
CREATE INDEX `oidc_payloads_uid_idx` ON `oidc_payloads` (`uid`);--> statement-breakpoint
CREATE INDEX `oidc_payloads_user_code_idx` ON `oidc_payloads` (`user_code`);--> statement-breakpoint
CREATE INDEX `oidc_payloads_expiry_idx` ON `oidc_payloads` (`expires_at`);--> statement-breakpoint
CREATE TABLE `sso_registration_versions` (
	`app_id` text NOT NULL,
	`version` integer NOT NULL,
	`snapshot` text NOT NULL,
	`change` text NOT NULL,
	`changed_by` text,
	`changed_at` integer NOT NULL,
	PRIMARY KEY(`app_id`, `version`),
	FOREIGN KEY (`app_id`) REFERENCES `apps`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sso_registrations` (
	`app_id` text PRIMARY KEY NOT NULL,
	`protocol` text NOT NULL,
	`client_id` text,
	`client_secret` text,
	`redirect_uris` text DEFAULT '[]' NOT NULL,
	`post_logout_redirect_uris` text DEFAULT '[]' NOT NULL,
	`sp_entity_id` text,
	`sp_metadata` text,
	`acs_endpoints` text DEFAULT '[]' NOT NULL,
	`name_id_format` text,
	`subject` text NOT NULL,
	`claims` text DEFAULT '[]' NOT NULL,
	`attribute_names` text DEFAULT '{}' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`app_id`) REFERENCES `apps`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sso_registrations_client_id_unique` ON `sso_registrations` (`client_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `sso_registrations_sp_entity_id_unique` ON `sso_registrations` (`sp_entity_id`);