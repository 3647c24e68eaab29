import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { MONITOR_MODES, scopeSchema, type MonitorMode, type Role, type Scope } from '@ondeck/shared';
import type { Queryable } from '../db';
import type { User } from './user';

/** The columns a user is read from, named once (never SELECT *: a new column must be asked for). */
const USER_COLUMNS = 'id, username, display_name, role, extension, password_hash, monitor_modes, scope, disabled, token_version, created_at, updated_at, last_login_at';

interface UserRow extends RowDataPacket {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  extension: string | null;
  password_hash: string;
  monitor_modes: string | unknown[];
  scope: string | Record<string, unknown>;
  disabled: number;
  token_version: number;
  created_at: Date;
  updated_at: Date;
  last_login_at: Date | null;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  extension: string | null;
  passwordHash: string;
  monitorModes: MonitorMode[];
  scope: Scope;
  disabled: boolean;
}

export type UserChanges = Partial<Pick<User, 'displayName' | 'role' | 'extension' | 'monitorModes' | 'scope' | 'disabled'>>;

const COLUMN_BY_FIELD: Record<keyof UserChanges, string> = {
  displayName: 'display_name',
  role: 'role',
  extension: 'extension',
  monitorModes: 'monitor_modes',
  scope: 'scope',
  disabled: 'disabled',
};

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

function toUser(row: UserRow): User {
  const modes = parseJson(row.monitor_modes);
  const scope = scopeSchema.safeParse(parseJson(row.scope));
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    extension: row.extension,
    monitorModes: Array.isArray(modes) ? modes.filter((m): m is MonitorMode => (MONITOR_MODES as readonly unknown[]).includes(m)) : [],
    scope: scope.success ? scope.data : { extensions: [], queues: [] },
    disabled: row.disabled === 1,
    tokenVersion: row.token_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastLoginAt: row.last_login_at,
  };
}

function toColumnValue(field: keyof UserChanges, value: UserChanges[keyof UserChanges]): unknown {
  if (field === 'monitorModes' || field === 'scope') return JSON.stringify(value);
  if (field === 'disabled') return value ? 1 : 0;
  return value;
}

/** Which unique key a duplicate-entry error hit, so the service can name the field. */
export function duplicateField(error: unknown): 'username' | 'extension' | null {
  const { code, message } = error as { code?: string; message?: string };
  if (code !== 'ER_DUP_ENTRY') return null;
  if (message?.includes('uq_users_username')) return 'username';
  if (message?.includes('uq_users_extension')) return 'extension';
  return null;
}

export class UsersRepository {
  constructor(private readonly db: Queryable) {}

  async findById(id: number, db: Queryable = this.db): Promise<User | null> {
    const [rows] = await db.query<UserRow[]>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`, [id]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** A username wins over an extension with the same digits. */
  async findCredentials(login: string): Promise<{ user: User; passwordHash: string } | null> {
    const [rows] = await this.db.query<UserRow[]>(
      `SELECT ${USER_COLUMNS} FROM users WHERE username = ? OR extension = ? ORDER BY (username = ?) DESC LIMIT 1`,
      [login, login, login],
    );
    const row = rows[0];
    return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
  }

  async findPasswordHash(id: number): Promise<string | null> {
    const [rows] = await this.db.query<UserRow[]>('SELECT password_hash FROM users WHERE id = ?', [id]);
    return rows[0]?.password_hash ?? null;
  }

  async list(): Promise<User[]> {
    const [rows] = await this.db.query<UserRow[]>(`SELECT ${USER_COLUMNS} FROM users ORDER BY username`);
    return rows.map(toUser);
  }

  async count(): Promise<number> {
    const [rows] = await this.db.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM users');
    return Number(rows[0]?.n ?? 0);
  }

  async existsByUsername(username: string): Promise<boolean> {
    const [rows] = await this.db.query<RowDataPacket[]>('SELECT 1 FROM users WHERE username = ?', [username]);
    return rows.length > 0;
  }

  async insert(user: NewUser, db: Queryable = this.db): Promise<number> {
    const [result] = await db.query<ResultSetHeader>(
      `INSERT INTO users (username, display_name, role, extension, password_hash, monitor_modes, scope, disabled)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        user.username,
        user.displayName,
        user.role,
        user.extension,
        user.passwordHash,
        JSON.stringify(user.monitorModes),
        JSON.stringify(user.scope),
        user.disabled ? 1 : 0,
      ],
    );
    return result.insertId;
  }

  async update(id: number, changes: UserChanges, bumpTokenVersion: boolean, db: Queryable = this.db): Promise<void> {
    const assignments: string[] = [];
    const values: unknown[] = [];
    for (const field of Object.keys(changes) as (keyof UserChanges)[]) {
      if (changes[field] === undefined) continue;
      assignments.push(`${COLUMN_BY_FIELD[field]} = ?`);
      values.push(toColumnValue(field, changes[field]));
    }
    if (bumpTokenVersion) assignments.push('token_version = token_version + 1');
    if (assignments.length === 0) return;
    await db.query(`UPDATE users SET ${assignments.join(', ')} WHERE id = ?`, [...values, id]);
  }

  async setPasswordHash(id: number, passwordHash: string, db: Queryable = this.db): Promise<void> {
    await db.query('UPDATE users SET password_hash = ?, token_version = token_version + 1 WHERE id = ?', [passwordHash, id]);
  }

  async bumpTokenVersion(id: number, db: Queryable = this.db): Promise<void> {
    await db.query('UPDATE users SET token_version = token_version + 1 WHERE id = ?', [id]);
  }

  async delete(id: number, db: Queryable = this.db): Promise<void> {
    await db.query('DELETE FROM users WHERE id = ?', [id]);
  }

  async recordLogin(id: number, at: Date): Promise<void> {
    await this.db.query('UPDATE users SET last_login_at = ? WHERE id = ?', [at, id]);
  }

  /** Locks the active admin rows so two admins cannot demote each other at the same moment. */
  async lockActiveAdminIds(db: Queryable): Promise<number[]> {
    const [rows] = await db.query<RowDataPacket[]>("SELECT id FROM users WHERE role = 'admin' AND disabled = 0 FOR UPDATE");
    return rows.map((row) => Number(row.id));
  }
}
