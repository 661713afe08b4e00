CREATE TABLE `alarms` (
	`alarm_id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`severity` text NOT NULL,
	`state` text NOT NULL,
	`source` text NOT NULL,
	`site_id` text,
	`run_id` text,
	`stop_seq` integer,
	`vehicle_id` text,
	`gateway_id` text,
	`detail` text NOT NULL,
	`raised_at` integer NOT NULL,
	`cleared_at` integer,
	`clear_reason` text,
	`acknowledged_by` text,
	`acknowledged_at` integer,
	`resolved_by` text,
	`resolved_at` integer,
	`resolution_note` text,
	CONSTRAINT "alarms_state_known" CHECK(state IN ('raised', 'acknowledged', 'resolved')),
	CONSTRAINT "alarms_detail_json" CHECK(json_valid(detail))
);
--> statement-breakpoint
CREATE INDEX `alarms_raised_at` ON `alarms` (`raised_at`);--> statement-breakpoint
CREATE INDEX `alarms_state_raised_at` ON `alarms` (`state`,`raised_at`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`token_id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	CONSTRAINT "api_tokens_role_known" CHECK(role IN ('admin', 'dispatcher', 'duty-officer', 'auditor'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash_unique` ON `api_tokens` (`hash`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target` text NOT NULL,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_actor` ON `audit_log` (`actor`,`at`);--> statement-breakpoint
CREATE TABLE `chain_heads` (
	`gateway_id` text PRIMARY KEY NOT NULL,
	`last_seq` integer NOT NULL,
	`last_hash` text NOT NULL,
	`tampered` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `day_plans` (
	`date` text NOT NULL,
	`version` integer NOT NULL,
	`plan_json` text NOT NULL,
	`saved_at` integer NOT NULL,
	PRIMARY KEY(`date`, `version`),
	CONSTRAINT "day_plans_json" CHECK(json_valid(plan_json))
);
--> statement-breakpoint
CREATE TABLE `events` (
	`gateway_id` text NOT NULL,
	`seq` integer NOT NULL,
	`id` text NOT NULL,
	`type` text NOT NULL,
	`ts` integer NOT NULL,
	`hash` text NOT NULL,
	`envelope` text NOT NULL,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`gateway_id`, `seq`),
	CONSTRAINT "events_seq_positive" CHECK(seq >= 1),
	CONSTRAINT "events_envelope_json" CHECK(json_valid(envelope))
);
--> statement-breakpoint
CREATE INDEX `events_type_ts` ON `events` (`type`,`ts`);--> statement-breakpoint
CREATE TABLE `gateway_credentials` (
	`gateway_id` text PRIMARY KEY NOT NULL,
	`password_hash` text NOT NULL,
	`mosquitto_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`gateway_id`) REFERENCES `gateways`(`gateway_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `gateways` (
	`gateway_id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`public_key` text NOT NULL,
	`registered_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `vehicles` (
	`vehicle_id` text PRIMARY KEY NOT NULL,
	`plate` text NOT NULL,
	`password_hash` text NOT NULL,
	`mosquitto_hash` text NOT NULL,
	`registered_at` integer NOT NULL
);
