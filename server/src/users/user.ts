import type { UserRecord } from '@ondeck/shared';

/** An account as the server works with it. The password hash never leaves the repository. */
export interface User extends Omit<UserRecord, 'createdAt' | 'updatedAt' | 'lastLoginAt'> {
  tokenVersion: number;
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt: Date | null;
}

export function toUserRecord(user: User): UserRecord {
  const { tokenVersion: _tokenVersion, ...fields } = user;
  return {
    ...fields,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
    lastLoginAt: user.lastLoginAt ? user.lastLoginAt.toISOString() : null,
  };
}
