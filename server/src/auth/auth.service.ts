import { createHash, randomBytes } from 'node:crypto';
import type { ChangeOwnPasswordRequest, LoginRequest, LoginResponse, SessionUser } from '@ondeck/shared';
import type { Clock } from '../lib/clock';
import type { AuditRepository } from '../db';
import { AppError, unauthenticated } from '../lib/app-error';
import type { Logger } from '../logging';
import type { AccountEvents } from '../users/account-events';
import type { User } from '../users/user';
import type { UsersRepository } from '../users/users.repository';
import type { AccessTokens } from './access-tokens';
import type { AuthenticatedUser } from '../lib/authenticated-user';
import { accountKey, type SignInLock, type SignInThrottle } from './sign-in-throttle';
import type { PasswordHasher } from './password-hasher';
import type { RefreshTokenRepository } from './refresh-token.repository';
import { visibleScope } from '../lib/scope';

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

/** What a successful sign-in or refresh hands to the HTTP layer: a body and a cookie. */
export interface IssuedSession {
  response: LoginResponse;
  refreshToken: string;
  refreshExpiresAt: Date;
}

export interface AuthServiceDeps {
  users: UsersRepository;
  refreshTokens: RefreshTokenRepository;
  hasher: PasswordHasher;
  accessTokens: AccessTokens;
  throttle: SignInThrottle;
  audit: AuditRepository;
  events: AccountEvents;
  clock: Clock;
  logger: Logger;
  accessTokenMinutes: () => number;
  refreshTokenDays: number;
}

/**
 * A refresh token used again within this time of its rotation counts as a second tab racing the
 * first, not as a stolen copy (the same idea as Auth0's "reuse interval").
 */
export const CONCURRENT_REFRESH_GRACE_MS = 10_000;

const WRONG_CREDENTIALS = 'Wrong username, extension or password.';
const SESSION_REVOKED = 'Your session was ended. Sign in again.';

export function toSessionUser(user: User): SessionUser {
  const { id, username, displayName, role, extension, monitorModes } = user;
  return { id, username, displayName, role, extension, monitorModes, scope: visibleScope(user) };
}

function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class AuthService {
  constructor(private readonly deps: AuthServiceDeps) {}

  async login(request: LoginRequest, client: ClientInfo): Promise<IssuedSession> {
    const { throttle, users, hasher, audit, logger } = this.deps;
    const found = await users.findCredentials(request.login);
    const attempt = { address: client.ip, account: accountKey(found?.user.id ?? null, request.login) };
    const lock = await throttle.lockFor(attempt);
    if (lock) {
      // Refused before the password is checked: a locked account gives a guesser nothing.
      await audit.record({ actorId: found?.user.id ?? null, actorName: request.login.slice(0, 64), action: 'auth.login', result: 'denied', details: { lockedOut: lock.scope }, ip: client.ip });
      throw this.lockedOut(lock);
    }

    let passwordOk = false;
    if (found) passwordOk = await hasher.verify(request.password, found.passwordHash);
    else await hasher.verifyDummy(request.password); // same time spent: no telling unknown users apart
    if (!found || !passwordOk) {
      const nowLocked = await throttle.recordFailure(attempt);
      logger.warn({ login: request.login, ip: client.ip, lockedOut: nowLocked?.scope ?? null }, 'sign-in failed');
      await audit.record({
        actorId: found?.user.id ?? null,
        actorName: request.login.slice(0, 64),
        action: 'auth.login',
        result: 'failure',
        details: nowLocked ? { lockedOut: nowLocked.scope } : null,
        ip: client.ip,
      });
      if (nowLocked) {
        await audit.record({
          actorId: found?.user.id ?? null,
          actorName: request.login.slice(0, 64),
          action: nowLocked.scope === 'account' ? 'auth.account_locked' : 'auth.address_locked',
          result: 'denied',
          details: { lockedForSeconds: nowLocked.seconds },
          ip: client.ip,
        });
        logger.warn({ login: request.login, ip: client.ip, scope: nowLocked.scope, seconds: nowLocked.seconds }, 'password sign-in locked');
        throw this.lockedOut(nowLocked);
      }
      throw new AppError('invalid_credentials', WRONG_CREDENTIALS);
    }
    if (found.user.disabled) {
      await audit.record({ actorId: found.user.id, actorName: found.user.username, action: 'auth.login', result: 'denied', details: { disabled: true }, ip: client.ip });
      throw new AppError('forbidden', 'This account is disabled. Ask an administrator to enable it.');
    }
    await throttle.recordSuccess(attempt);
    await users.recordLogin(found.user.id, new Date(this.deps.clock.now()));
    await audit.record({ actorId: found.user.id, actorName: found.user.username, action: 'auth.login', result: 'success', ip: client.ip });
    logger.info({ userId: found.user.id, username: found.user.username, ip: client.ip }, 'signed in');
    return this.issue(found.user, randomBytes(16).toString('hex'), client);
  }

  /**
   * Swaps a refresh token for a new one in the same family. A token presented a second time
   * means it was copied: the whole family is revoked and the user must sign in again.
   */
  async refresh(refreshToken: string | undefined, client: ClientInfo): Promise<IssuedSession> {
    const { refreshTokens, users, logger, clock } = this.deps;
    if (!refreshToken) throw unauthenticated();
    const stored = await refreshTokens.findByHash(hashRefreshToken(refreshToken));
    const now = new Date(clock.now());
    if (!stored || stored.revokedAt) throw new AppError('token_revoked', SESSION_REVOKED);
    // Losing the race to rotate means a parallel request rotated it a moment ago.
    const rotatedAt = stored.rotatedAt ?? ((await refreshTokens.markRotated(stored.id, now)) ? null : now);
    if (rotatedAt && now.getTime() - rotatedAt.getTime() > CONCURRENT_REFRESH_GRACE_MS) {
      await refreshTokens.revokeFamily(stored.familyId, now);
      logger.warn({ userId: stored.userId, sessionId: stored.familyId, ip: client.ip }, 'refresh token reused: session family revoked');
      await this.deps.audit.record({ actorId: stored.userId, action: 'auth.refresh_reuse', result: 'denied', target: `session:${stored.familyId}`, ip: client.ip });
      this.deps.events.emit('sessionsEnded', { userId: stored.userId, sessionId: stored.familyId, reason: 'token_revoked', message: SESSION_REVOKED });
      throw new AppError('token_revoked', SESSION_REVOKED);
    }
    // Two tabs refreshing with the same cookie at once is not theft: both get an answer.
    if (rotatedAt) logger.info({ userId: stored.userId, sessionId: stored.familyId }, 'concurrent refresh within grace period');
    if (stored.expiresAt.getTime() <= now.getTime()) throw new AppError('token_expired', 'Your session expired. Sign in again.');
    const user = await users.findById(stored.userId);
    if (!user || user.disabled) throw new AppError('token_revoked', SESSION_REVOKED);
    return this.issue(user, stored.familyId, client);
  }

  /** Ends this browser's sign-in. Works without a valid access token so an expired tab can still sign out. */
  async logout(refreshToken: string | undefined, client: ClientInfo): Promise<void> {
    if (!refreshToken) return;
    const stored = await this.deps.refreshTokens.findByHash(hashRefreshToken(refreshToken));
    if (!stored) return;
    await this.deps.refreshTokens.revokeFamily(stored.familyId, new Date(this.deps.clock.now()));
    await this.deps.audit.record({ actorId: stored.userId, action: 'auth.logout', result: 'success', ip: client.ip });
    this.deps.logger.info({ userId: stored.userId }, 'signed out');
    this.deps.events.emit('sessionsEnded', { userId: stored.userId, sessionId: stored.familyId, reason: 'logged_out', message: 'You signed out.' });
  }

  /** Checks an access token against the live account row and its session: deleted, disabled or revoked users and ended sessions are refused at once. */
  async authenticate(accessToken: string | undefined): Promise<AuthenticatedUser> {
    if (!accessToken) throw unauthenticated();
    const verified = this.deps.accessTokens.verify(accessToken);
    if (!verified.ok) {
      if (verified.reason === 'expired') throw new AppError('token_expired', 'Your session expired. Sign in again.');
      throw unauthenticated();
    }
    const { claims } = verified;
    const user = await this.deps.users.findById(claims.userId);
    if (!user || user.disabled || user.tokenVersion !== claims.tokenVersion) throw new AppError('token_revoked', SESSION_REVOKED);
    // Revoked by session, not only by account: signing out ends this sign-in's access tokens too.
    if (!(await this.deps.refreshTokens.isSessionActive(claims.sessionId, new Date(this.deps.clock.now())))) {
      throw new AppError('token_revoked', SESSION_REVOKED);
    }
    return { user, sessionId: claims.sessionId, expiresAt: claims.expiresAt };
  }

  /**
   * Changes the caller's own password. Every other session is cut; this browser gets fresh
   * tokens so the person stays signed in here.
   */
  async changeOwnPassword(auth: AuthenticatedUser, request: ChangeOwnPasswordRequest, client: ClientInfo): Promise<IssuedSession> {
    const { users, hasher, refreshTokens, audit, events, clock, throttle } = this.deps;
    // The current password is guessable here too (with a stolen session): same counters as sign-in.
    const attempt = { address: client.ip, account: accountKey(auth.user.id, auth.user.username) };
    const lock = await throttle.lockFor(attempt);
    if (lock) throw this.lockedOut(lock);
    const currentHash = await users.findPasswordHash(auth.user.id);
    if (!currentHash || !(await hasher.verify(request.currentPassword, currentHash))) {
      const nowLocked = await throttle.recordFailure(attempt);
      await audit.record({ actorId: auth.user.id, actorName: auth.user.username, action: 'auth.change_password', result: 'failure', ip: client.ip });
      if (nowLocked) throw this.lockedOut(nowLocked);
      throw new AppError('validation_failed', 'The current password is wrong. Type it again.', {
        fields: { currentPassword: 'is wrong' },
      });
    }
    await users.setPasswordHash(auth.user.id, await hasher.hash(request.newPassword));
    // Every refresh token goes, this browser's too; it gets a new sign-in below.
    await refreshTokens.revokeAllForUser(auth.user.id, new Date(clock.now()));
    await audit.record({ actorId: auth.user.id, actorName: auth.user.username, action: 'auth.change_password', result: 'success', ip: client.ip });
    events.emit('sessionsEnded', {
      userId: auth.user.id,
      exceptSessionId: auth.sessionId,
      reason: 'token_revoked',
      message: 'Your password was changed. Sign in again with the new password.',
    });
    const user = await users.findById(auth.user.id);
    if (!user) throw new AppError('token_revoked', SESSION_REVOKED);
    return this.issue(user, randomBytes(16).toString('hex'), client);
  }

  private async issue(user: User, sessionId: string, client: ClientInfo): Promise<IssuedSession> {
    const ttlSeconds = this.deps.accessTokenMinutes() * 60;
    const { token } = this.deps.accessTokens.sign({ userId: user.id, role: user.role, tokenVersion: user.tokenVersion, sessionId }, ttlSeconds);
    const now = this.deps.clock.now();
    const refreshToken = randomBytes(32).toString('base64url');
    const refreshExpiresAt = new Date(now + this.deps.refreshTokenDays * 86_400_000);
    await this.deps.refreshTokens.insert({
      userId: user.id,
      familyId: sessionId,
      tokenHash: hashRefreshToken(refreshToken),
      expiresAt: refreshExpiresAt,
      createdAt: new Date(now),
      ip: client.ip,
      userAgent: client.userAgent,
    });
    return { response: { accessToken: token, expiresIn: ttlSeconds, user: toSessionUser(user) }, refreshToken, refreshExpiresAt };
  }

  /** The account message reads the same for a name that does not exist: it never tells whether an account exists. */
  private lockedOut(lock: SignInLock): AppError {
    const minutes = Math.max(1, Math.ceil(lock.seconds / 60));
    const wait = `Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
    const message =
      lock.scope === 'address'
        ? `Too many failed sign-ins from this address. ${wait}`
        : `Too many failed sign-ins for this account. Password sign-in is locked for now. ${wait}`;
    return new AppError('locked_out', message, { retryAfter: lock.seconds, lockedScope: lock.scope });
  }
}
