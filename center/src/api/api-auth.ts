import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditLog } from '../ports.ts';
import { ApiError } from './api-errors.ts';

/** Roles of DESIGN §9; every API token is bound to one. */
export const API_ROLES = ['admin', 'dispatcher', 'duty-officer', 'auditor'] as const;
export type ApiRole = (typeof API_ROLES)[number];

/** Who a valid token belongs to. `name` is what the audit trail and the alarms record as the actor. */
export interface ApiPrincipal {
  tokenId: string;
  name: string;
  role: ApiRole;
}

/**
 * Bearer API tokens, created by an admin (the centre's store keeps a hash of each secret, never the
 * secret). `verify` answers for a presented secret: the token's owner, or `undefined` for an unknown
 * or revoked one.
 */
export interface TokenStore {
  verify(secret: string): ApiPrincipal | undefined;
}

/**
 * A signed-in console session as an alternative to a bearer token (DESIGN §7): the console's pages use
 * the API (the live stream, scripts) with their session cookie. `csrfOk` says whether the request carries
 * the session's CSRF token from a page of this centre; mutating requests need it.
 */
export interface SessionAuthenticator {
  authenticate(request: FastifyRequest): { principal: ApiPrincipal; csrfOk: boolean } | undefined;
}

/**
 * `read`: alarms, hand-over records, runs, gateways, the live stream. `alarm.act`: acknowledge, resolve.
 * `gateway.resume-ingest`: resume a gateway's ingest after RECORD_TAMPERED (admin only).
 */
export type Permission = 'read' | 'alarm.act' | 'gateway.resume-ingest';

/**
 * What each role may do. Every role reads: auditors and duty officers as the issue says, dispatchers
 * because they follow their runs and the alarms on them, admins for support. Only the duty officer (who
 * handles the risk) and the admin act on alarms.
 */
export const ROLE_PERMISSIONS: Readonly<Record<ApiRole, readonly Permission[]>> = {
  admin: ['read', 'alarm.act', 'gateway.resume-ingest'],
  dispatcher: ['read'],
  'duty-officer': ['read', 'alarm.act'],
  auditor: ['read'],
};

/** Longest secret looked up: a token is a few dozen characters; anything longer is not one. */
const MAX_SECRET_LENGTH = 512;
const BEARER = /^Bearer ([\x21-\x7e]+)$/i;

/** The secret of an `Authorization: Bearer <secret>` header. */
export function bearerSecret(header: string | undefined): string | undefined {
  const match = header === undefined ? null : BEARER.exec(header.trim());
  const secret = match?.[1];
  return secret !== undefined && secret.length <= MAX_SECRET_LENGTH ? secret : undefined;
}

/** Authentication and role checks of the API, as `onRequest` hooks, and the principal of each request. */
export class ApiAccess {
  private readonly principals = new WeakMap<FastifyRequest, ApiPrincipal>();

  constructor(
    private readonly tokens: TokenStore,
    private readonly audit: AuditLog,
    private readonly now: () => number,
    private readonly sessions?: SessionAuthenticator,
  ) {}

  /** A hook that lets the request through only with a valid token whose role grants `permission`. */
  require(permission: Permission): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
    return async (request, reply) => {
      const secret = bearerSecret(request.headers.authorization);
      let principal = secret === undefined ? undefined : this.tokens.verify(secret);
      if (secret === undefined && this.sessions) {
        const session = this.sessions.authenticate(request);
        if (session && isMutating(request) && !session.csrfOk) {
          throw new ApiError(
            403,
            'CSRF_REJECTED',
            'a console session needs its CSRF token (x-csrf-token header) from a page of this centre',
          );
        }
        principal = session?.principal;
      }
      if (!principal) {
        reply.header('WWW-Authenticate', 'Bearer realm="vaultline-centre"');
        throw new ApiError(
          401,
          'UNAUTHENTICATED',
          secret === undefined
            ? 'send an API token as "Authorization: Bearer <token>" (an admin creates tokens), or sign in to the console'
            : 'the API token is unknown or revoked; ask an admin for a valid one',
        );
      }
      // A role the API does not know (a store out of step with this code) grants nothing.
      const granted: readonly Permission[] | undefined = ROLE_PERMISSIONS[principal.role];
      if (!granted?.includes(permission)) {
        if (isMutating(request)) {
          this.audit.append({
            at: this.now(),
            actor: principal.name,
            action: 'api.denied',
            target: `${request.method} ${request.url}`,
            detail: { tokenId: principal.tokenId, role: principal.role, permission },
          });
        }
        throw new ApiError(
          403,
          'FORBIDDEN',
          `role ${principal.role} may not do this (${permission} is needed)`,
        );
      }
      this.principals.set(request, principal);
    };
  }

  /** The principal of a request that passed `require`. */
  principal(request: FastifyRequest): ApiPrincipal {
    const principal = this.principals.get(request);
    if (!principal) throw new ApiError(401, 'UNAUTHENTICATED', 'this route needs an API token');
    return principal;
  }

  /** The principal, if the request got as far as authentication. */
  principalOf(request: FastifyRequest): ApiPrincipal | undefined {
    return this.principals.get(request);
  }
}

export function isMutating(request: FastifyRequest): boolean {
  return request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS';
}
