import { DeviceOfflineError, silentLogger, VaultlineError } from '@vaultline/shared';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKioskApp, KioskHostError, startKiosk } from '../../src/kiosk/kiosk-server.ts';
import type { KIOSK_STRINGS } from '../../src/kiosk/kiosk-strings.ts';
import { FakeBackend } from './fake-backend.ts';
import { jpeg } from './kiosk-fixtures.ts';

let backend: FakeBackend;
let app: FastifyInstance;

beforeEach(async () => {
  backend = new FakeBackend();
  app = await createKioskApp({ backend, logger: silentLogger });
});
afterEach(() => app.close());

const post = (payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/actions', payload: payload as object, headers });

describe('kiosk server: page and view', () => {
  it('serves the page with strict security headers and no inline script', async () => {
    const page = await app.inject('/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.body).toContain('<script type="module" src="/kiosk.js"></script>');
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.body).not.toMatch(/\son[a-z]+="/);
    for (const path of ['/kiosk.js', '/kiosk.css']) expect((await app.inject(path)).statusCode).toBe(200);
  });

  it('serves one dictionary with the same keys in Chinese and English', async () => {
    const strings = (await app.inject('/i18n.json')).json() as typeof KIOSK_STRINGS;
    expect(Object.keys(strings.en).sort()).toEqual(Object.keys(strings.zh).sort());
    expect(strings.zh['alarm.WRONG_BOX']).toBe('错箱');
    expect(strings.en['alarm.WRONG_BOX']).toBe('Wrong box');
  });

  it('answers the current view, never cached', async () => {
    const response = await app.inject('/api/view');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toEqual(backend.view());
  });

  it('answers unknown paths with 404 and a code', async () => {
    const response = await app.inject('/admin');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('kiosk server: manager actions', () => {
  it('passes a valid action to the backend', async () => {
    const response = await post({ type: 'photo-check', personId: 'E1001', accepted: true });
    expect(response.statusCode).toBe(204);
    expect(backend.actions).toEqual([{ type: 'photo-check', personId: 'E1001', accepted: true }]);
  });

  it('refuses an invalid body with 400 and a message naming the field', async () => {
    const response = await post({ type: 'manual-arrival', vehicle: 'V1' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ code: 'BAD_ACTION', message: expect.stringContaining('"vehicleId"') });
    expect(backend.actions).toEqual([]);
  });

  it('refuses malformed JSON, other content types and oversized bodies', async () => {
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/actions',
      payload: '{"type":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toMatch(/^FST_ERR_CTP/);
    const form = await app.inject({
      method: 'POST',
      url: '/api/actions',
      payload: 'type=abort',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.statusCode).toBe(415);
    const huge = await post({ type: 'abort', reason: 'x'.repeat(10_000) });
    expect(huge.statusCode).toBe(413);
    expect(backend.actions).toEqual([]);
  });

  it("answers the engine's refusal with 409 and the error's code and message", async () => {
    backend.refuse = new VaultlineError(
      'HANDOVER_BUSY',
      'a hand-over is already running: finish or abort it first',
    );
    const response = await post({ type: 'manual-arrival', vehicleId: 'V2' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({
      code: 'HANDOVER_BUSY',
      message: 'a hand-over is already running: finish or abort it first',
    });
    backend.refuse = new DeviceOfflineError('door-1');
    expect((await post({ type: 'request-confirmation' })).json().code).toBe('DEVICE_OFFLINE');
  });

  it('hides unexpected failures behind a 500', async () => {
    backend.refuse = new TypeError('cannot read properties of undefined');
    const response = await post({ type: 'request-confirmation' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ code: 'INTERNAL', message: 'internal error' });
  });

  it('refuses foreign host names (DNS rebinding) and cross-site origins', async () => {
    const rebound = await app.inject({ url: '/api/view', headers: { host: 'evil.example:8080' } });
    expect(rebound.statusCode).toBe(421);
    const crossSite = await post({ type: 'request-confirmation' }, { origin: 'https://evil.example' });
    expect(crossSite.statusCode).toBe(403);
    const sameSite = await post({ type: 'request-confirmation' }, { origin: 'http://127.0.0.1:8080' });
    expect(sameSite.statusCode).toBe(204);
    expect(backend.actions).toHaveLength(1);
  });
});

describe('kiosk server: photos, captures, reports', () => {
  it('serves stored photos and live captures as JPEG, never cached, and 404 for unknown ones', async () => {
    const photo = jpeg('ZHANG WEI');
    backend.photos.set('E1001', photo);
    backend.captures.set('01J0CAPTURE', jpeg('LIVE'));
    const response = await app.inject('/people/E1001/photo.jpg');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/jpeg');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(new Uint8Array(response.rawPayload)).toEqual(photo);
    const capture = await app.inject('/captures/01J0CAPTURE.jpg');
    expect(capture.statusCode).toBe(200);
    expect(capture.headers['cache-control']).toBe('no-store');
    for (const url of [
      '/people/E9999/photo.jpg',
      '/captures/nope.jpg',
      '/captures/..%2Fetc.jpg',
      '/captures/x.png',
    ]) {
      const missing = await app.inject(url);
      expect(missing.statusCode, url).toBe(404);
      expect(missing.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('serves reports as HTML and PDF with a script-free policy', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.3\n%%EOF\n');
    backend.reports.set('H-0001', { html: new TextEncoder().encode('<h1>报告</h1>'), pdf });
    const html = await app.inject('/reports/H-0001.html');
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.headers['cache-control']).toBe('no-store');
    expect(html.body).toBe('<h1>报告</h1>');
    const file = await app.inject('/reports/H-0001.pdf');
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe('inline; filename="handover-H-0001.pdf"');
    expect(new Uint8Array(file.rawPayload)).toEqual(pdf);
    expect((await app.inject('/reports/H-0002.html')).statusCode).toBe(404);
    expect((await app.inject('/reports/H-0001.txt')).statusCode).toBe(404);
  });
});

describe('startKiosk', () => {
  it('listens on loopback only', async () => {
    await expect(
      startKiosk({ backend, host: '0.0.0.0', port: 0, logger: silentLogger }),
    ).rejects.toBeInstanceOf(KioskHostError);
    const kiosk = await startKiosk({ backend, port: 0, logger: silentLogger });
    try {
      expect(kiosk.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${kiosk.url}/api/view`);
      expect(response.status).toBe(200);
    } finally {
      await kiosk.close();
    }
  });
});
