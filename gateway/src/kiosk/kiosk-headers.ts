import { BASE_SECURITY_HEADERS, SELF_ONLY_PAGE_CSP } from '@vaultline/shared/http/security-headers';

/**
 * Security headers of the kiosk. The page loads only its own script, style and images; reports are
 * self-contained documents (inline print CSS, photos as data: URLs) and run no script at all.
 */
const COMMON = {
  ...BASE_SECURITY_HEADERS,
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy':
    'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()',
} as const;

const REPORT_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function pageHeaders(): Record<string, string> {
  return { ...COMMON, 'Content-Security-Policy': SELF_ONLY_PAGE_CSP };
}

export function reportHeaders(): Record<string, string> {
  return { ...COMMON, 'Content-Security-Policy': REPORT_CSP };
}

/** Face captures, stored photos and reports are biometric or personal data: never kept in a cache. */
export const NO_STORE = { 'Cache-Control': 'no-store' } as const;

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The kiosk is the branch's own screen: it listens on loopback only. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * The `Host` (or `Origin`) of a request names this machine. Refusing other names stops DNS rebinding:
 * a web page elsewhere cannot make the kiosk's browser talk to the kiosk under a foreign name.
 */
export function namesLoopback(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(hostHeader);
  return match !== null && isLoopbackHost(match[1] ?? '');
}
