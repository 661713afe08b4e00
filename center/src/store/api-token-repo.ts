import { createHash, randomBytes } from 'node:crypto';
import { createUlidGenerator, type UlidGenerator } from '@vaultline/shared/crypto/ulid';
import type { Clock } from '@vaultline/shared/time/clock';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { apiTokens } from './schema.ts';
import type { StoreDb } from './store-db.ts';

export const API_ROLES = ['admin', 'dispatcher', 'duty-officer', 'auditor'] as const;
export type ApiRole = (typeof API_ROLES)[number];

export interface ApiToken {
  tokenId: string;
  name: string;
  role: ApiRole;
  createdAt: number;
  revokedAt?: number;
}

/** 32 random bytes: a bearer secret nobody can guess, so a fast hash (SHA-256) is enough to store it. */
const SECRET_BYTES = 32;
/** Marks the string as a Vaultline token, so a leaked one is recognisable in logs and secret scanners. */
const SECRET_PREFIX = 'vlt_';

/** Bearer tokens of the HTTP API. The secret is returned once by `create`; only its SHA-256 is stored. */
export class ApiTokenRepo {
  private readonly newId: UlidGenerator;

  constructor(
    private readonly db: StoreDb,
    private readonly clock: Clock,
  ) {
    this.newId = createUlidGenerator({ clock });
  }

  create(input: { name: string; role: ApiRole }): { token: ApiToken; secret: string } {
    const secret = `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64url')}`;
    const token: ApiToken = {
      tokenId: this.newId(),
      name: input.name,
      role: input.role,
      createdAt: this.clock.now(),
    };
    this.db
      .insert(apiTokens)
      .values({ ...token, hash: hashSecret(secret) })
      .run();
    return { token, secret };
  }

  /** The live token a bearer secret belongs to; undefined for an unknown or revoked one. */
  verify(secret: string): { tokenId: string; name: string; role: ApiRole } | undefined {
    const row = this.db
      .select({ tokenId: apiTokens.tokenId, name: apiTokens.name, role: apiTokens.role })
      .from(apiTokens)
      .where(and(eq(apiTokens.hash, hashSecret(secret)), isNull(apiTokens.revokedAt)))
      .get();
    return row ? { ...row, role: row.role as ApiRole } : undefined;
  }

  /** Returns false when the token does not exist or was already revoked. */
  revoke(tokenId: string): boolean {
    const result = this.db
      .update(apiTokens)
      .set({ revokedAt: this.clock.now() })
      .where(and(eq(apiTokens.tokenId, tokenId), isNull(apiTokens.revokedAt)))
      .run();
    return result.changes === 1;
  }

  list(): ApiToken[] {
    return this.db
      .select()
      .from(apiTokens)
      .orderBy(asc(apiTokens.createdAt), asc(apiTokens.tokenId))
      .all()
      .map((row) => {
        const token: ApiToken = {
          tokenId: row.tokenId,
          name: row.name,
          role: row.role as ApiRole,
          createdAt: row.createdAt,
        };
        if (row.revokedAt !== null) token.revokedAt = row.revokedAt;
        return token;
      });
  }
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
