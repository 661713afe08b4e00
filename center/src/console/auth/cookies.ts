import type { FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'vl_session';
export const LANG_COOKIE = 'vl_lang';
/** Double-submit token of the login form (there is no session yet to bind a CSRF token to). */
export const LOGIN_CSRF_COOKIE = 'vl_login_csrf';

/** The cookies of a request (first value wins; values are URI-decoded when they can be). */
export function readCookies(request: FastifyRequest): Map<string, string> {
  const cookies = new Map<string, string>();
  const header = request.headers.cookie;
  if (!header) return cookies;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    if (!name || cookies.has(name)) continue;
    const raw = pair
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    try {
      cookies.set(name, decodeURIComponent(raw));
    } catch {
      cookies.set(name, raw);
    }
  }
  return cookies;
}

export interface CookieOptions {
  /** Seconds; 0 deletes the cookie; undefined = a browser-session cookie. */
  maxAge?: number;
  httpOnly?: boolean;
}

/**
 * A `Set-Cookie` value: always Path=/ and SameSite=Strict (a link from another site never carries the
 * console's cookies), Secure when the request came over https.
 */
export function serializeCookie(
  request: FastifyRequest,
  name: string,
  value: string,
  options: CookieOptions = {},
): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'SameSite=Strict'];
  if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
  if (options.httpOnly !== false) parts.push('HttpOnly');
  if (request.protocol === 'https') parts.push('Secure');
  return parts.join('; ');
}

/** Adds one `Set-Cookie` header to those already set on the reply. */
export function addSetCookie(
  reply: { getHeader(name: string): unknown; header(name: string, value: unknown): unknown },
  cookie: string,
): void {
  const held = reply.getHeader('set-cookie');
  const list = held === undefined ? [] : Array.isArray(held) ? held : [String(held)];
  reply.header('set-cookie', [...list, cookie]);
}
