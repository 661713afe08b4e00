import { describe, expect, it } from 'vitest';
import { CenterConfigError, parseCenterConfig } from '../../src/config/center-config.ts';

describe('parseCenterConfig', () => {
  it('fills the defaults: embedded broker, UTC service day, backups every 6 h keeping 14', () => {
    const config = parseCenterConfig({ dataDir: '/var/lib/vaultline' });
    expect(config.serviceTimeZone).toBe('UTC');
    expect(config.broker).toMatchObject({ host: '127.0.0.1', port: 1883, username: 'centre' });
    expect(config.broker.url).toBeUndefined();
    expect(config.backup).toMatchObject({ intervalMinutes: 360, keep: 14 });
  });

  it('takes the bank’s time zone and refuses one that does not exist, saying what is expected', () => {
    expect(parseCenterConfig({ dataDir: 'd', serviceTimeZone: 'Asia/Shanghai' }).serviceTimeZone).toBe(
      'Asia/Shanghai',
    );
    expect(() => parseCenterConfig({ dataDir: 'd', serviceTimeZone: 'Beijing' })).toThrow(CenterConfigError);
    expect(() => parseCenterConfig({ dataDir: 'd', serviceTimeZone: 'Beijing' })).toThrow(
      /serviceTimeZone "Beijing" is not an IANA time zone \(e\.g\. Asia\/Shanghai\)/,
    );
  });

  it('sets console sessions to 12 h idle and 12 h after login by default, and takes other values in range', () => {
    expect(parseCenterConfig({ dataDir: 'd' }).console).toEqual({
      sessionIdleMinutes: 720,
      sessionAbsoluteHours: 12,
    });
    expect(
      parseCenterConfig({ dataDir: 'd', console: { sessionIdleMinutes: 30, sessionAbsoluteHours: 9 } })
        .console,
    ).toEqual({ sessionIdleMinutes: 30, sessionAbsoluteHours: 9 });
  });

  it('refuses console session times out of range, naming the setting and its bound', () => {
    expect(() => parseCenterConfig({ dataDir: 'd', console: { sessionIdleMinutes: 4 } })).toThrow(
      /\/console\/sessionIdleMinutes .*5/,
    );
    expect(() => parseCenterConfig({ dataDir: 'd', console: { sessionIdleMinutes: 1441 } })).toThrow(
      /\/console\/sessionIdleMinutes .*1440/,
    );
    expect(() => parseCenterConfig({ dataDir: 'd', console: { sessionAbsoluteHours: 0 } })).toThrow(
      /\/console\/sessionAbsoluteHours/,
    );
  });

  it('names the wrong field of an invalid config', () => {
    expect(() => parseCenterConfig({ dataDir: 'd', http: { port: 70_000 } })).toThrow(/\/http\/port/);
  });
});
