CREATE TABLE `app_versions` (
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
CREATE TABLE `grants` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`campus_id` text,
	`rights` text NOT NULL,
	`granted_by` text,
	`granted_at` integer NOT NULL,
	`expires_at` integer,
	`revoked_at` integer,
	`revoked_by` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`campus_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `grants_user_idx` ON `grants` (`user_id`);--> statement-breakpoint
CREATE INDEX `grants_campus_idx` ON `grants` (`campus_id`);--> statement-breakpoint
ALTER TABLE `apps` ADD `name_es` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `apps` ADD `icon` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `apps` ADD `icon_image` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `apps` ADD `retired_at` integer;--> statement-breakpoint
ALTER TABLE `apps` ADD `version` integer DEFAULT 1 NOT NULL;