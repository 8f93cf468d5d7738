CREATE TABLE `badges` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`secret_hash` text NOT NULL,
	`picture` text NOT NULL,
	`secret_pictures` text NOT NULL,
	`issued_at` integer NOT NULL,
	`issued_by` text,
	`expires_at` integer,
	`last_used_at` integer,
	`voided_at` integer,
	`voided_by` text,
	`void_reason` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `badges_one_live_per_user` ON `badges` (`user_id`) WHERE voided_at IS NULL;--> statement-breakpoint
CREATE INDEX `badges_user_idx` ON `badges` (`user_id`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `badge_id` text;--> statement-breakpoint
CREATE INDEX `sessions_badge_idx` ON `sessions` (`badge_id`);