export * from './bytes.ts';
export * from './errors.ts';
export * from './log/logger.ts';
export * from './time/clock.ts';
