import type { z } from 'zod';
import type { createUserSchema } from '@ondeck/shared';
import type { Actor } from '../lib/actor';
import type { Clock } from '../lib/clock';
import { withTransaction, type AuditRepository, type Pool, type PoolConnection, type Queryable } from '../db';
import { AppError, notFound } from '../lib/app-error';
import type { Logger } from '../logging';
import type { AccountEvents } from './account-events';
import type { User } from './user';
import { duplicateField, type UserChanges, type UsersRepository } from './users.repository';

export type CreateUserInput = z.output<typeof createUserSchema>;
export type UpdateUserInput = UserChanges;

/**
 * What account management needs from sign-in (auth's RefreshTokenRepository and PasswordHasher
 * fit); declared here so users does not import auth, which builds on users.
 */
export interface SessionRevoker {
  /** Ends every sign-in of the account; `db` lets it join the caller's transaction. */
  revokeAllForUser(userId: number, at: Date, exceptFamilyId?: string | null, db?: Queryable): Promise<void>;
}

export interface PasswordHashing {
  hash(password: string): Promise<string>;
}

export interface UsersServiceDeps {
  pool: Pool;
  users: UsersRepository;
  refreshTokens: SessionRevoker;
  hasher: PasswordHashing;
  audit: AuditRepository;
  events: AccountEvents;
  clock: Clock;
  logger: Logger;
}

const LAST_ADMIN =
  'This is the last active admin account, so it cannot be deleted, disabled or given another role. Make another account an admin first.';

/** Account management (admin only at the routes). Every change is audited. */
export class UsersService {
  constructor(private readonly deps: UsersServiceDeps) {}

  list(): Promise<User[]> {
    return this.deps.users.list();
  }

  async get(id: number): Promise<User> {
    const user = await this.deps.users.findById(id);
    if (!user) throw notFound('That user');
    return user;
  }

  async create(input: CreateUserInput, actor: Pick<Actor, 'id' | 'username' | 'ip'> | null): Promise<User> {
    const passwordHash = await this.deps.hasher.hash(input.password);
    let id: number;
    try {
      id = await this.deps.users.insert({ ...input, passwordHash });
    } catch (error) {
      throw this.translateDuplicate(error);
    }
    await this.audit(actor, 'users.create', id, { username: input.username, role: input.role });
    this.deps.logger.info({ userId: id, username: input.username, role: input.role, by: actor?.id }, 'user created');
    return this.get(id);
  }

  /**
   * Role changes and disabling cut the user's sessions at once (token version bump, refresh
   * tokens revoked). Scope and extension changes keep sessions but tell realtime to re-scope.
   */
  async update(id: number, changes: UpdateUserInput, actor: Pick<Actor, 'id' | 'username' | 'ip'>): Promise<User> {
    const { users, refreshTokens, clock, events } = this.deps;
    const { before, cutsSessions } = await withTransaction(this.deps.pool, async (connection) => {
      const current = await users.findById(id, connection);
      if (!current) throw notFound('That user');
      const roleChanged = changes.role !== undefined && changes.role !== current.role;
      const disabling = changes.disabled === true && !current.disabled;
      if ((roleChanged || disabling) && current.role === 'admin' && !current.disabled) {
        await this.assertNotLastAdmin(id, connection);
      }
      const cuts = roleChanged || disabling;
      try {
        await users.update(id, changes, cuts, connection);
      } catch (error) {
        throw this.translateDuplicate(error);
      }
      if (cuts) await refreshTokens.revokeAllForUser(id, new Date(clock.now()), null, connection);
      return { before: current, cutsSessions: cuts };
    });
    await this.audit(actor, 'users.update', id, { changed: Object.keys(changes) });
    this.deps.logger.info({ userId: id, username: before.username, changed: Object.keys(changes), by: actor.id }, 'user updated');
    if (cutsSessions) {
      const disabled = changes.disabled === true;
      events.emit('sessionsEnded', {
        userId: id,
        reason: disabled ? 'account_disabled' : 'token_revoked',
        message: disabled
          ? 'Your account was disabled by an administrator.'
          : 'Your role was changed by an administrator. Sign in again.',
      });
    }
    events.emit('userChanged', id);
    return this.get(id);
  }

  async delete(id: number, actor: Pick<Actor, 'id' | 'username' | 'ip'>): Promise<void> {
    const before = await withTransaction(this.deps.pool, async (connection) => {
      const current = await this.deps.users.findById(id, connection);
      if (!current) throw notFound('That user');
      if (current.role === 'admin' && !current.disabled) await this.assertNotLastAdmin(id, connection);
      await this.deps.users.delete(id, connection);
      return current;
    });
    await this.audit(actor, 'users.delete', id, { username: before.username });
    this.deps.logger.info({ userId: id, username: before.username, by: actor.id }, 'user deleted');
    this.deps.events.emit('sessionsEnded', { userId: id, reason: 'account_disabled', message: 'Your account was deleted by an administrator.' });
    this.deps.events.emit('userChanged', id);
  }

  /** An admin sets a new password for someone; their sessions end. */
  async resetPassword(id: number, password: string, actor: Pick<Actor, 'id' | 'username' | 'ip'>): Promise<void> {
    const user = await this.get(id);
    await this.deps.users.setPasswordHash(id, await this.deps.hasher.hash(password));
    await this.deps.refreshTokens.revokeAllForUser(id, new Date(this.deps.clock.now()));
    await this.audit(actor, 'users.reset_password', id, { username: user.username });
    this.deps.logger.info({ userId: id, username: user.username, by: actor.id }, 'password reset by admin');
    this.deps.events.emit('sessionsEnded', {
      userId: id,
      reason: 'token_revoked',
      message: 'An administrator reset your password. Sign in with the new one.',
    });
  }

  private async assertNotLastAdmin(id: number, connection: PoolConnection): Promise<void> {
    const activeAdmins = await this.deps.users.lockActiveAdminIds(connection);
    if (activeAdmins.length <= 1 && activeAdmins.includes(id)) throw new AppError('conflict', LAST_ADMIN);
  }

  private translateDuplicate(error: unknown): unknown {
    const field = duplicateField(error);
    if (field === 'username') {
      return new AppError('conflict', 'That username is already taken. Choose another.', { fields: { username: 'is already taken' } });
    }
    if (field === 'extension') {
      return new AppError('conflict', 'That extension already belongs to another user. Choose another.', {
        fields: { extension: 'already belongs to another user' },
      });
    }
    return error;
  }

  private async audit(actor: Pick<Actor, 'id' | 'username' | 'ip'> | null, action: string, targetId: number, details: Record<string, unknown>): Promise<void> {
    await this.deps.audit.record({
      actorId: actor?.id ?? null,
      actorName: actor?.username ?? 'system',
      action,
      target: `user:${targetId}`,
      result: 'success',
      details,
      ip: actor?.ip ?? null,
    });
  }
}
