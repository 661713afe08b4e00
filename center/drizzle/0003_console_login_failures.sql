CREATE TABLE `console_login_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`username` text NOT NULL,
	`at` integer NOT NULL,
	CONSTRAINT "console_login_failures_kind_known" CHECK(kind IN ('user', 'ip'))
);
--> statement-breakpoint
CREATE INDEX `console_login_failures_key` ON `console_login_failures` (`kind`,`key`,`at`);--> statement-breakpoint
CREATE INDEX `console_login_failures_at` ON `console_login_failures` (`at`);