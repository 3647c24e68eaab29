import type { UserRecord } from '@ondeck/shared';
import type { User } from '../lib/authenticated-user';

export type { User };

export function toUserRecord(user: User): UserRecord {
  const { tokenVersion: _tokenVersion, ...fields } = user;
  return {
    ...fields,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
    lastLoginAt: user.lastLoginAt ? user.lastLoginAt.toISOString() : null,
  };
}
