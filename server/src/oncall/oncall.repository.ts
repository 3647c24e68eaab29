import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { withTransaction, type Queryable } from '../db';
import { periodOpenedBy, type ChangeRequest, type ChangeResult, type OnCallStore } from './oncall.ports';
import type { Division, OnCallMember, OnCallPeriod, OnCallSource } from './oncall.types';
import { insertAuditRow } from './oncall-audit.repository';

export interface NewDivision {
  name: string;
  oncallLine?: string | null;
  fallbackNumber?: string | null;
  allowPinOnly?: boolean;
}

export interface NewMember {
  name: string;
  phone: string;
  email?: string | null;
  accountUserId?: number | null;
  pinHash: string;
  /** Digits in the PIN (PIN-only divisions need at least 6). */
  pinLength: number;
  createdAt: Date;
}

function toDivision(row: RowDataPacket): Division {
  return {
    id: Number(row.id),
    name: String(row.name),
    oncallLine: row.oncall_line === null ? null : String(row.oncall_line),
    fallbackNumber: row.fallback_number === null ? null : String(row.fallback_number),
    allowPinOnly: Boolean(row.allow_pin_only),
  };
}

function toMember(row: RowDataPacket): OnCallMember {
  return {
    id: Number(row.id),
    name: String(row.name),
    phone: String(row.phone),
    email: row.email === null ? null : String(row.email),
    active: Boolean(row.active),
    accountUserId: row.account_user_id === null ? null : Number(row.account_user_id),
    pinHash: String(row.pin_hash),
    createdAt: row.created_at as Date,
    lastLogin: (row.last_login as Date | null) ?? null,
  };
}

function toPeriod(row: RowDataPacket): OnCallPeriod {
  return {
    id: Number(row.id),
    divisionId: Number(row.division_id),
    memberId: row.member_id === null ? null : Number(row.member_id),
    phone: String(row.phone),
    startedAt: row.started_at as Date,
    endedAt: (row.ended_at as Date | null) ?? null,
    source: row.source as OnCallSource,
    endedBy: row.ended_by === null ? null : String(row.ended_by),
  };
}

const PERIOD_COLUMNS = 'id, division_id, member_id, phone, started_at, ended_at, source, ended_by';

/** MariaDB side of divisions, members and periods. */
export class OnCallRepository implements OnCallStore {
  constructor(private readonly pool: Pool) {}

  async findDivision(divisionId: number): Promise<Division | null> {
    const [rows] = await this.pool.query<RowDataPacket[]>('SELECT * FROM oncall_divisions WHERE id = ?', [divisionId]);
    return rows[0] ? toDivision(rows[0]) : null;
  }

  async listDivisionMembers(divisionId: number): Promise<OnCallMember[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT m.* FROM oncall_members m
         JOIN oncall_member_divisions md ON md.member_id = m.id
        WHERE md.division_id = ? AND m.active = 1
        ORDER BY m.id`,
      [divisionId],
    );
    return rows.map(toMember);
  }

  async currentPeriod(divisionId: number): Promise<OnCallPeriod | null> {
    return this.readOpenPeriod(this.pool, divisionId, '');
  }

  /** Inside the takeover a locking read: it sees the latest commit, not the transaction's snapshot. */
  private async readOpenPeriod(db: Queryable, divisionId: number, lock: '' | 'FOR UPDATE'): Promise<OnCallPeriod | null> {
    const [rows] = await db.query<RowDataPacket[]>(
      `SELECT ${PERIOD_COLUMNS} FROM oncall_periods WHERE division_id = ? AND ended_at IS NULL ${lock}`,
      [divisionId],
    );
    return rows[0] ? toPeriod(rows[0]) : null;
  }

  /**
   * One transaction: lock the division row (FOR UPDATE), so a second change of the same
   * division waits here; then compare the open period with the one the requester saw. The loser
   * finds it changed and gets `conflict` without writing anything. Takeovers and releases
   * (to nobody) go through here alike, so a release cannot end a takeover it never saw.
   */
  change(request: ChangeRequest): Promise<ChangeResult> {
    // A conflict writes nothing, so committing it is harmless.
    return withTransaction(this.pool, (connection) => this.changeLocked(connection, request));
  }

  async recordLogin(memberId: number, at: Date, pinLength: number): Promise<void> {
    await this.pool.query('UPDATE oncall_members SET last_login = ?, pin_length = ? WHERE id = ?', [at, pinLength, memberId]);
  }

  async insertDivision(division: NewDivision): Promise<number> {
    const [result] = await this.pool.query<ResultSetHeader>(
      'INSERT INTO oncall_divisions (name, oncall_line, fallback_number, allow_pin_only) VALUES (?, ?, ?, ?)',
      [division.name, division.oncallLine ?? null, division.fallbackNumber ?? null, division.allowPinOnly ?? true],
    );
    return result.insertId;
  }

  insertMember(member: NewMember, divisionIds: readonly number[]): Promise<number> {
    return withTransaction(this.pool, async (connection) => {
      const [result] = await connection.query<ResultSetHeader>(
        'INSERT INTO oncall_members (name, phone, email, account_user_id, pin_hash, pin_length, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [member.name, member.phone, member.email ?? null, member.accountUserId ?? null, member.pinHash, member.pinLength, member.createdAt],
      );
      for (const divisionId of divisionIds) {
        await connection.query('INSERT INTO oncall_member_divisions (member_id, division_id) VALUES (?, ?)', [
          result.insertId,
          divisionId,
        ]);
      }
      return result.insertId;
    });
  }

  async listPeriods(divisionId: number): Promise<OnCallPeriod[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT ${PERIOD_COLUMNS} FROM oncall_periods WHERE division_id = ? ORDER BY id`,
      [divisionId],
    );
    return rows.map(toPeriod);
  }

  private async changeLocked(connection: PoolConnection, request: ChangeRequest): Promise<ChangeResult> {
    const [divisions] = await connection.query<RowDataPacket[]>('SELECT id FROM oncall_divisions WHERE id = ? FOR UPDATE', [
      request.divisionId,
    ]);
    if (divisions.length === 0) throw new Error(`on-call division ${request.divisionId} does not exist`);
    const previous = await this.readOpenPeriod(connection, request.divisionId, 'FOR UPDATE');
    if ((previous?.id ?? null) !== request.expectedPeriodId) return { outcome: 'conflict', current: previous };
    if (previous) {
      await connection.query('UPDATE oncall_periods SET ended_at = ?, ended_by = ? WHERE id = ?', [
        request.at,
        request.endedBy,
        previous.id,
      ]);
    }
    let period: OnCallPeriod | null = null;
    if (request.to) {
      const [inserted] = await connection.query<ResultSetHeader>(
        'INSERT INTO oncall_periods (division_id, member_id, phone, started_at, source) VALUES (?, ?, ?, ?, ?)',
        [request.divisionId, request.to.memberId, request.to.phone, request.at, request.source],
      );
      period = periodOpenedBy(request, inserted.insertId);
    }
    await insertAuditRow(
      connection,
      {
        eventType: 'on_call_update',
        memberId: request.to?.memberId ?? null,
        divisionId: request.divisionId,
        callerId: request.audit.callerId,
        channelOrIp: request.audit.channelOrIp,
        details: {
          ...request.audit.details,
          periodId: period?.id ?? null,
          phone: period?.phone ?? null,
          source: request.source,
          previousPeriodId: previous?.id ?? null,
          previousMemberId: previous?.memberId ?? null,
        },
      },
      request.at,
    );
    return { outcome: 'changed', period, previous };
  }
}
