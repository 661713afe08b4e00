import type { FastifyRequest } from 'fastify';
import { formField } from '../request-helpers.ts';

/**
 * Whether a state-changing request comes from a page of this centre: its `Origin` (or, when a browser
 * sends none, its `Referer`) names the host the request was sent to. A request with neither is refused:
 * every browser sends `Origin` on a POST.
 */
export function fromSameOrigin(request: FastifyRequest): boolean {
  const host = request.headers.host;
  const source = request.headers.origin || request.headers.referer;
  if (!host || !source || source === 'null') return false;
  try {
    return new URL(source).host === host;
  } catch {
    return false;
  }
}

/** The CSRF token a request presents: the `x-csrf-token` header (scripts) or the `_csrf` form field. */
export function presentedCsrfToken(request: FastifyRequest): string {
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string' && header.length > 0) return header;
  return formField(request.body, '_csrf');
}
