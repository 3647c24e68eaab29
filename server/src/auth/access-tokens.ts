import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { roleSchema, type Role } from '@ondeck/shared';
import type { Clock } from '../lib/clock';

const claimsSchema = z.object({
  sub: z.string().regex(/^\d+$/),
  role: roleSchema,
  tv: z.number().int(),
  sid: z.string().min(1),
  exp: z.number(),
});

export interface AccessClaims {
  userId: number;
  role: Role;
  tokenVersion: number;
  sessionId: string;
  /** Epoch seconds. */
  expiresAt: number;
}

export type VerifyResult = { ok: true; claims: AccessClaims } | { ok: false; reason: 'expired' | 'invalid' };

/** Signs and checks short-lived HS256 access tokens against an injected clock. */
export class AccessTokens {
  constructor(
    private readonly secret: string,
    private readonly clock: Clock,
  ) {}

  sign(claims: Omit<AccessClaims, 'expiresAt'>, ttlSeconds: number): { token: string; expiresAt: number } {
    const issuedAt = Math.floor(this.clock.now() / 1000);
    const expiresAt = issuedAt + ttlSeconds;
    const token = jwt.sign(
      { sub: String(claims.userId), role: claims.role, tv: claims.tokenVersion, sid: claims.sessionId, iat: issuedAt, exp: expiresAt },
      this.secret,
      { algorithm: 'HS256' },
    );
    return { token, expiresAt };
  }

  verify(token: string): VerifyResult {
    let payload: unknown;
    try {
      payload = jwt.verify(token, this.secret, {
        algorithms: ['HS256'],
        clockTimestamp: Math.floor(this.clock.now() / 1000),
      });
    } catch (error) {
      return { ok: false, reason: error instanceof jwt.TokenExpiredError ? 'expired' : 'invalid' };
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) return { ok: false, reason: 'invalid' };
    const { sub, role, tv, sid, exp } = claims.data;
    return { ok: true, claims: { userId: Number(sub), role, tokenVersion: tv, sessionId: sid, expiresAt: exp } };
  }
}
