/**
 * Security headers shared by Vaultline's two web front ends, the centre's duty console and the branch
 * kiosk: both serve pages that load only their own scripts, styles and images and talk only to their own
 * server, and neither may be framed by another site. Each front end adds its own referrer and permissions
 * policies on top.
 */

/** CSP of a page that runs only its own scripts and styles, shows its own or `data:` images, posts and connects to itself. */
export const SELF_ONLY_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Never framed, no MIME sniffing, no shared browsing context with pages of other origins. */
export const BASE_SECURITY_HEADERS = {
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
} as const;
