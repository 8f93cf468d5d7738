CREATE TABLE `accounts` (
	`user_id` text PRIMARY KEY NOT NULL,
	`password_kind` text,
	`fixed_password_sealed` text,
	`temporary_password_hash` text,
	`temporary_expires_at` integer,
	`password_changed_at` integer,
	`totp_secret_sealed` text,
	`totp_pending_sealed` text,
	`totp_enrolled_at` integer,
	`totp_last_step` integer,
	`recovery_questions` text,
	`recovery_answers_hash` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `claim_codes` (
	`user_id` text PRIMARY KEY NOT NULL,
	`code_hash` text NOT NULL,
	`issued_at` integer NOT NULL,
	`issued_by` text,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `recovery_codes` (
	`user_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`used_at` integer,
	PRIMARY KEY(`user_id`, `code_hash`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `recovery_codes_user_idx` ON `recovery_codes` (`user_id`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `pending` text;