CREATE TABLE `connector_versions` (
	`app_id` text NOT NULL,
	`version` integer NOT NULL,
	`definition` text NOT NULL,
	`saved_at` integer NOT NULL,
	`saved_by` text,
	PRIMARY KEY(`app_id`, `version`),
	FOREIGN KEY (`app_id`) REFERENCES `apps`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`saved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `credential_holds` (
	`entry_id` text NOT NULL,
	`user_id` text NOT NULL,
	`entry_version` integer NOT NULL,
	`reason` text NOT NULL,
	`held_at` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `vault_entries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credential_holds_entry_user_idx` ON `credential_holds` (`entry_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `launches` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`app_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`released_at` integer,
	`entry_id` text,
	`entry_version` integer,
	`outcome` text,
	`outcome_reason` text,
	`outcome_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`app_id`) REFERENCES `apps`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `launches_app_idx` ON `launches` (`app_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `launches_user_idx` ON `launches` (`user_id`);--> statement-breakpoint
CREATE TABLE `vault_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`app_id` text NOT NULL,
	`scope` text NOT NULL,
	`set_by` text NOT NULL,
	`user_id` text,
	`org_id` text,
	`username` text NOT NULL,
	`password` text,
	`extra` text,
	`derivation_secret` text,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`app_id`) REFERENCES `apps`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vault_entries_user_idx` ON `vault_entries` (`app_id`,`user_id`,`set_by`);--> statement-breakpoint
CREATE UNIQUE INDEX `vault_entries_group_idx` ON `vault_entries` (`app_id`,`org_id`);--> statement-breakpoint
CREATE INDEX `vault_entries_app_idx` ON `vault_entries` (`app_id`,`scope`);--> statement-breakpoint
CREATE TABLE `extension_pairings` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`portal_session_hash` text NOT NULL,
	`user_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`portal_session_hash`) REFERENCES `sessions`(`id_hash`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `extension_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`portal_session_hash` text NOT NULL,
	`user_id` text NOT NULL,
	`device_jkt` text NOT NULL,
	`device_jwk` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`portal_session_hash`) REFERENCES `sessions`(`id_hash`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `extension_sessions_user_idx` ON `extension_sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `used_proofs` (
	`jti` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
