CREATE TABLE `enrolment_outbox` (
	`enrolment_id` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`slot` integer NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`settled_at` integer,
	`outcome` text,
	`reason` text,
	CONSTRAINT "enrolment_outbox_payload_json" CHECK(json_valid(payload)),
	CONSTRAINT "enrolment_outbox_outcome_known" CHECK(outcome IS NULL OR outcome IN ('stored', 'refused'))
);
--> statement-breakpoint
CREATE INDEX `enrolment_outbox_unsettled` ON `enrolment_outbox` (`created_at`) WHERE settled_at IS NULL;