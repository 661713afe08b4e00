import type { FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { renderForbidden } from '../pages/error-pages.ts';
import { type ConsolePermission, type ConsoleRole, rolesWith } from '../permissions.ts';
import { depsOf } from '../request-helpers.ts';

/** Where a visitor who is not signed in is sent, with the page to come back to. */
export function loginRedirect(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const next = request.method === 'GET' ? request.url : '/console/';
  return reply.redirect(`/console/login?next=${encodeURIComponent(next)}`, 303);
}

/**
 * A route guard: not signed in → 303 to the login page; signed in with another role → the 403 page,
 * and the attempt goes to the audit log as `console.denied`.
 */
export function requireRole(...roles: ConsoleRole[]): preHandlerHookHandler {
  const allowed = new Set<string>(roles);
  return async function consoleRoleGuard(request, reply) {
    const user = request.consoleUser;
    if (!user) return loginRedirect(request, reply);
    if (allowed.has(user.role)) return;
    depsOf(request).audit(user.username, 'console.denied', `${request.method} ${request.url}`, {
      role: user.role,
      allowed: [...allowed],
    });
    return reply.code(403).type('text/html; charset=utf-8').send(renderForbidden(request));
  };
}

/** `requireRole` for the roles that hold a permission of `../permissions.ts`. */
export function requirePermission(permission: ConsolePermission): preHandlerHookHandler {
  return requireRole(...rolesWith(permission));
}
