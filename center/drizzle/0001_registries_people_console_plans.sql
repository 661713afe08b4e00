CREATE TABLE `boxes` (
	`epc` text PRIMARY KEY NOT NULL,
	`label` text NOT NULL,
	`home_site_id` text,
	`created_at` integer NOT NULL,
	`retired_at` integer,
	FOREIGN KEY (`home_site_id`) REFERENCES `sites`(`site_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `console_sessions` (
	`session_hash` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`username`) REFERENCES `console_users`(`username`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `console_sessions_expires` ON `console_sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `console_users` (
	`username` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`disabled_at` integer,
	CONSTRAINT "console_users_role_known" CHECK(role IN ('admin', 'dispatcher', 'duty-officer', 'auditor'))
);
--> statement-breakpoint
CREATE TABLE `people` (
	`person_id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`employee_no` text NOT NULL,
	`role` text NOT NULL,
	`company` text,
	`site_id` text,
	`photo_sealed` blob,
	`source` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`retired_at` integer,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`site_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "people_role_known" CHECK(role IN ('escort', 'teller', 'branch-manager', 'vault-manager'))
);
--> statement-breakpoint
CREATE TABLE `person_templates` (
	`person_id` text NOT NULL,
	`slot` integer NOT NULL,
	`template_sealed` blob NOT NULL,
	`enrolled_via` text NOT NULL,
	`enrolled_at` integer NOT NULL,
	PRIMARY KEY(`person_id`, `slot`),
	FOREIGN KEY (`person_id`) REFERENCES `people`(`person_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "person_templates_slot" CHECK(slot BETWEEN 0 AND 9)
);
--> statement-breakpoint
CREATE TABLE `personnel_imports` (
	`import_id` text PRIMARY KEY NOT NULL,
	`file_sha256` text NOT NULL,
	`company` text NOT NULL,
	`people_count` integer NOT NULL,
	`imported_by` text NOT NULL,
	`imported_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `personnel_imports_file_sha256_unique` ON `personnel_imports` (`file_sha256`);--> statement-breakpoint
CREATE TABLE `plan_publications` (
	`gateway_id` text NOT NULL,
	`date` text NOT NULL,
	`version` integer NOT NULL,
	`site_id` text NOT NULL,
	`jws` text NOT NULL,
	`published_at` integer NOT NULL,
	PRIMARY KEY(`gateway_id`, `date`, `version`),
	FOREIGN KEY (`gateway_id`) REFERENCES `gateways`(`gateway_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sites` (
	`site_id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`lat` real NOT NULL,
	`lon` real NOT NULL,
	`geofence_m` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "sites_kind_known" CHECK(kind IN ('vault', 'branch'))
);
--> statement-breakpoint
ALTER TABLE `gateways` ADD `encryption_public_key` text;--> statement-breakpoint
ALTER TABLE `vehicles` ADD `tag_epc` text;--> statement-breakpoint
CREATE UNIQUE INDEX `vehicles_tag_epc_unique` ON `vehicles` (`tag_epc`);