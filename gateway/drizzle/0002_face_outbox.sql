CREATE TABLE `face_outbox` (
	`capture_id` text PRIMARY KEY NOT NULL,
	`handover_id` text NOT NULL,
	`person_id` text,
	`event_seq` integer NOT NULL,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`settled_at` integer,
	`outcome` text,
	`reason` text,
	CONSTRAINT "face_outbox_outcome_known" CHECK(outcome IS NULL OR outcome IN ('stored', 'refused'))
);
--> statement-breakpoint
CREATE INDEX `face_outbox_unsettled` ON `face_outbox` (`event_seq`) WHERE settled_at IS NULL;