CREATE TABLE `academic_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`sourced_id` text NOT NULL,
	`title` text NOT NULL,
	`type` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `academic_sessions_sourced_id_unique` ON `academic_sessions` (`sourced_id`);--> statement-breakpoint
CREATE TABLE `class_terms` (
	`class_id` text NOT NULL,
	`session_id` text NOT NULL,
	PRIMARY KEY(`class_id`, `session_id`),
	FOREIGN KEY (`class_id`) REFERENCES `classes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`session_id`) REFERENCES `academic_sessions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `roster_syncs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer NOT NULL,
	`source` text NOT NULL,
	`source_name` text NOT NULL,
	`format` text,
	`file_hash` text NOT NULL,
	`actor_id` text,
	`outcome` text NOT NULL,
	`report` text NOT NULL,
	`held_bundle` text,
	`approved_by` text,
	`approved_at` integer
);
--> statement-breakpoint
CREATE INDEX `roster_syncs_started_idx` ON `roster_syncs` (`started_at`);--> statement-breakpoint
ALTER TABLE `classes` ADD `status` text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE `enrollments` ADD `status` text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE `orgs` ADD `status` text DEFAULT 'active' NOT NULL;