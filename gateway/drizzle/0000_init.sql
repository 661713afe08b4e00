CREATE TABLE `engine_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`revision` integer NOT NULL,
	`state` text NOT NULL,
	`saved_at` integer NOT NULL,
	CONSTRAINT "engine_state_single_row" CHECK(id = 1)
);
--> statement-breakpoint
CREATE TABLE `events` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`type` text NOT NULL,
	`ts` integer NOT NULL,
	`hash` text NOT NULL,
	`priority` integer NOT NULL,
	`bytes` integer NOT NULL,
	`envelope` text NOT NULL,
	`acked_at` integer,
	CONSTRAINT "events_seq_positive" CHECK(seq >= 1),
	CONSTRAINT "events_priority_known" CHECK(priority IN (0, 1)),
	CONSTRAINT "events_envelope_json" CHECK(json_valid(envelope))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_id_unique` ON `events` (`id`);--> statement-breakpoint
CREATE INDEX `events_unacked` ON `events` (`priority`,`seq`) WHERE acked_at IS NULL;--> statement-breakpoint
CREATE INDEX `events_unacked_seq` ON `events` (`seq`) WHERE acked_at IS NULL;--> statement-breakpoint
CREATE TABLE `face_captures` (
	`capture_id` text PRIMARY KEY NOT NULL,
	`handover_id` text,
	`person_id` text,
	`reader` text NOT NULL,
	`jpeg` blob NOT NULL,
	`captured_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `face_captures_captured_at` ON `face_captures` (`captured_at`);--> statement-breakpoint
CREATE TABLE `plans` (
	`version` integer PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`jws` text NOT NULL,
	`plan` text NOT NULL,
	`accepted_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reports` (
	`handover_id` text PRIMARY KEY NOT NULL,
	`html` text NOT NULL,
	`pdf` blob NOT NULL,
	`record_hash` text NOT NULL,
	`saved_at` integer NOT NULL
);
