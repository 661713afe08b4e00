import { type Logger, pino } from 'pino';

export type { Logger };

/**
 * The root logger. Components take a child: `rootLogger.child({ component: 'gateway.rfid', device })`.
 * Never log secrets, templates or photos; frame bytes go at trace level as hex with `-->` (to the device)
 * and `<--` (from the device).
 */
export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({
    name: options.name ?? 'vaultline',
    level: options.level ?? process.env.VAULTLINE_LOG_LEVEL ?? 'info',
  });
}

/** A logger that writes nothing, for tests and benchmarks. */
export const silentLogger: Logger = pino({ level: 'silent' });
