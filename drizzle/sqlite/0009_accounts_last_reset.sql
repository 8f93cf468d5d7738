ALTER TABLE `accounts` ADD `last_reset_at` integer;--> statement-breakpoint
ALTER TABLE `accounts` ADD `last_reset_by` text;