CREATE TABLE `change_generations` (
	`topic` text PRIMARY KEY NOT NULL,
	`generation` integer NOT NULL
);
