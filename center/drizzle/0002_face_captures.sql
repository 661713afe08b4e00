CREATE TABLE `face_captures` (
	`gateway_id` text NOT NULL,
	`capture_id` text NOT NULL,
	`handover_id` text NOT NULL,
	`person_id` text,
	`event_seq` integer NOT NULL,
	`jpeg_sha256` text NOT NULL,
	`bytes` integer NOT NULL,
	`jpeg_sealed` blob,
	`captured_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	`deleted_at` integer,
	`retention_days` integer,
	PRIMARY KEY(`gateway_id`, `capture_id`),
	FOREIGN KEY (`gateway_id`) REFERENCES `gateways`(`gateway_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "face_captures_deleted_or_kept" CHECK((jpeg_sealed IS NULL) = (deleted_at IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `face_captures_handover` ON `face_captures` (`gateway_id`,`handover_id`);--> statement-breakpoint
CREATE INDEX `face_captures_kept` ON `face_captures` (`captured_at`) WHERE jpeg_sealed IS NOT NULL;--> statement-breakpoint
CREATE INDEX `events_face_capture` ON `events` (`gateway_id`,json_extract(envelope, '$.body.captureId')) WHERE type = 'face.captured';