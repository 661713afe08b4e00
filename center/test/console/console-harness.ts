import { silentLogger } from '@vaultline/shared';
import { createUlidGenerator } from '@vaultline/shared/crypto/ulid';
import { SignedChain } from '@vaultline/shared/testing/signed-chain';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { AlarmService } from '../../src/alarms/alarm-service.ts';
import { GatewayMonitor } from '../../src/alarms/gateway-monitor.ts';
import { createCentreHttp } from '../../src/centre-http.ts';
import { hashPassword } from '../../src/console/auth/password-hash.ts';
import type { SessionLifetime } from '../../src/console/auth/session-service.ts';
import type { ConsoleRole } from '../../src/console/permissions.ts';
import { RunTracker } from '../../src/runs/run-tracker.ts';
import { at, PLAN } from '../runs/day-fixture.ts';
import { openTestStore } from '../store/store-fixture.ts';

export const PASSWORD = 'twelve chars or more';
export const ORIGIN = 'http://centre.test';
const HOST = 'centre.test';

/** A signed-in console user as a browser holds it: the session cookie and the page's CSRF token. */
export interface Signed {
  cookie: string;
  csrf: string;
}

/**
 * The centre's HTTP server as the centre wires it (`createCentreHttp`: API + console) over a real SQLite
 * store (temp file, fake clock at 09:00 on the plan day), with the plan of `../runs/day-fixture.ts`
 * tracked; driven with `app.inject`. The login limiter is the centre's default, counting in the store;
 * `sessionLifetime` is the centre config's `console` section (default 12 h idle and absolute).
 */
export async function consoleHarness(options: { sessionLifetime?: SessionLifetime } = {}) {
  const handle = openTestStore();
  const { store, clock } = handle;
  await clock.advance(at('09:00') - clock.now());
  const newId = createUlidGenerator({ clock });
  const alarms = new AlarmService({
    store: store.alarms,
    audit: store.audit,
    clock,
    newAlarmId: newId,
    logger: silentLogger,
    gateways: store.gateways,
  });
  const monitor = new GatewayMonitor({ alarms, clock, logger: silentLogger, gateways: store.gateways });
  const runs = new RunTracker({
    alarms,
    clock,
    newAlarmId: newId,
    logger: silentLogger,
    events: store.events,
  });
  store.plans.save(PLAN.date, PLAN.version, PLAN);
  runs.loadPlan(PLAN);
  const app: FastifyInstance = await createCentreHttp({
    store,
    alarms,
    runs,
    monitor,
    clock,
    logger: silentLogger,
    timeZone: 'Asia/Shanghai',
    ...options,
  });
  await app.ready();
  const chain = new SignedChain('gw-1');
  store.gateways.register({ gatewayId: 'gw-1', siteId: 'B1', publicKey: 'not-checked-here' });

  const harness = {
    app,
    store,
    clock,
    alarms,
    monitor,
    runs,
    async createUser(username: string, role: ConsoleRole, displayName = username): Promise<void> {
      store.consoleUsers.create({ username, displayName, role, passwordHash: await hashPassword(PASSWORD) });
    },
    /** GET with the browser's headers. */
    get(url: string, signed?: Signed): Promise<LightMyRequestResponse> {
      return app.inject({
        method: 'GET',
        url,
        headers: { host: HOST, ...(signed ? { cookie: signed.cookie } : {}) },
      });
    },
    /** A form POST as the browser sends it: same-origin, the session cookie, the CSRF field. */
    post(
      url: string,
      fields: Record<string, string>,
      signed?: Signed,
      headers: Record<string, string> = {},
    ): Promise<LightMyRequestResponse> {
      return app.inject({
        method: 'POST',
        url,
        headers: {
          host: HOST,
          origin: ORIGIN,
          'content-type': 'application/x-www-form-urlencoded',
          ...(signed ? { cookie: signed.cookie } : {}),
          ...headers,
        },
        payload: new URLSearchParams(fields).toString(),
      });
    },
    /** Signs in through the login form (its double-submit token included). */
    async login(
      username: string,
      password = PASSWORD,
      ip = '10.0.0.1',
    ): Promise<{ response: LightMyRequestResponse; signed: Signed | undefined }> {
      const page = await app.inject({ method: 'GET', url: '/console/login', headers: { host: HOST } });
      const loginCookie = cookieOf(page.headers['set-cookie'], 'vl_login_csrf');
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const response = await app.inject({
        method: 'POST',
        url: '/console/login',
        remoteAddress: ip,
        headers: {
          host: HOST,
          origin: ORIGIN,
          cookie: `vl_login_csrf=${loginCookie}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: new URLSearchParams({ _csrf: token, username, password, next: '/console/' }).toString(),
      });
      const session = cookieOf(response.headers['set-cookie'], 'vl_session');
      let signed: Signed | undefined;
      if (session) {
        const cookie = `vl_session=${session}`;
        const home = await app.inject({ method: 'GET', url: '/console/', headers: { host: HOST, cookie } });
        const csrf = /<meta name="csrf-token" content="([^"]*)">/.exec(home.body)?.[1] ?? '';
        signed = { cookie, csrf };
      }
      return { response, signed };
    },
    async signIn(username: string): Promise<Signed> {
      const { signed } = await harness.login(username);
      if (!signed) throw new Error(`${username} could not sign in`);
      return signed;
    },
    /** A WRONG_BOX raised by gateway gw-1 (a signed `alarm.raised`, as ingest hands it on). */
    raiseWrongBox(alarmId = 'GA-1', severity: 'critical' | 'major' = 'critical'): string {
      const envelope = chain.next(
        'alarm.raised',
        {
          alarmId,
          kind: 'WRONG_BOX',
          severity,
          siteId: 'B1',
          runId: 'R1',
          stopSeq: 1,
          detail: { epc: 'E28011700000020000000001' },
        },
        new Date(clock.now()).toISOString(),
      );
      alarms.onGatewayEvents('gw-1', [envelope]);
      return alarmId;
    },
    async dispose(): Promise<void> {
      await app.close();
      handle.dispose();
    },
  };
  return harness;
}

export type ConsoleHarness = Awaited<ReturnType<typeof consoleHarness>>;

/** The value of a cookie among `Set-Cookie` headers. */
export function cookieOf(setCookie: string | string[] | undefined, name: string): string | undefined {
  const list = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
  for (const line of list) {
    const [pair] = line.split(';');
    const eq = pair?.indexOf('=') ?? -1;
    if (pair && eq > 0 && pair.slice(0, eq) === name) return decodeURIComponent(pair.slice(eq + 1));
  }
  return undefined;
}
