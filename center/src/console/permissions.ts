/**
 * Who may do what in the console (DESIGN §2, §9), in one pure table: the duty officer acts on alarms;
 * the dispatcher edits plans, people, vehicles and boxes; the auditor reads records and the audit log,
 * verifies chains and exports; the admin does everything, users and gateways included. Every role
 * sees alarms, runs and gateways.
 */
export const CONSOLE_ROLES = ['admin', 'dispatcher', 'duty-officer', 'auditor'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export type ConsolePermission =
  | 'alarms.view'
  | 'alarms.act'
  | 'runs.view'
  | 'gateways.view'
  | 'gateways.manage'
  /** Resume ingest of a gateway stopped by RECORD_TAMPERED (ingest/resume-policy.ts): admin only. */
  | 'gateway.resume-ingest'
  | 'records.view'
  | 'records.verify'
  | 'records.export'
  | 'plans.view'
  | 'plans.edit'
  | 'people.view'
  | 'people.edit'
  | 'fleet.view'
  | 'fleet.edit'
  | 'audit.view'
  | 'users.manage';

const EVERYONE: readonly ConsolePermission[] = ['alarms.view', 'runs.view', 'gateways.view'];

const GRANTS: Readonly<Record<ConsoleRole, readonly ConsolePermission[]>> = {
  admin: [
    ...EVERYONE,
    'alarms.act',
    'gateways.manage',
    'gateway.resume-ingest',
    'records.view',
    'records.verify',
    'records.export',
    'plans.view',
    'plans.edit',
    'people.view',
    'people.edit',
    'fleet.view',
    'fleet.edit',
    'audit.view',
    'users.manage',
  ],
  dispatcher: [
    ...EVERYONE,
    'records.view',
    'plans.view',
    'plans.edit',
    'people.view',
    'people.edit',
    'fleet.view',
    'fleet.edit',
  ],
  'duty-officer': [...EVERYONE, 'alarms.act', 'records.view', 'plans.view', 'fleet.view'],
  auditor: [
    ...EVERYONE,
    'records.view',
    'records.verify',
    'records.export',
    'plans.view',
    'people.view',
    'fleet.view',
    'audit.view',
  ],
};

export function isConsoleRole(value: unknown): value is ConsoleRole {
  return typeof value === 'string' && (CONSOLE_ROLES as readonly string[]).includes(value);
}

/** Whether `role` may do `permission`; a role this code does not know may do nothing. */
export function can(role: string, permission: ConsolePermission): boolean {
  return isConsoleRole(role) && GRANTS[role].includes(permission);
}

/** The roles holding a permission (for `requireRole(...rolesWith('plans.edit'))`). */
export function rolesWith(permission: ConsolePermission): ConsoleRole[] {
  return CONSOLE_ROLES.filter((role) => GRANTS[role].includes(permission));
}

export type NavKey = 'alarms' | 'runs' | 'records' | 'plans' | 'people' | 'fleet' | 'gateways' | 'audit';

/** The navigation, in order, with the permission that shows each item and where it leads. */
export const NAV_ITEMS: readonly { key: NavKey; path: string; permission: ConsolePermission }[] = [
  { key: 'alarms', path: '/console/', permission: 'alarms.view' },
  { key: 'runs', path: '/console/runs', permission: 'runs.view' },
  { key: 'records', path: '/console/records', permission: 'records.view' },
  { key: 'plans', path: '/console/plans', permission: 'plans.view' },
  { key: 'people', path: '/console/people', permission: 'people.view' },
  { key: 'fleet', path: '/console/fleet', permission: 'fleet.view' },
  { key: 'gateways', path: '/console/gateways', permission: 'gateways.view' },
  { key: 'audit', path: '/console/audit', permission: 'audit.view' },
];

/** The navigation items a role sees. */
export function navFor(role: string): NavKey[] {
  return NAV_ITEMS.filter((item) => can(role, item.permission)).map((item) => item.key);
}
