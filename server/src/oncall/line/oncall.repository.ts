import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { z } from 'zod';
import { withTransaction, type Queryable } from '../../db';
import { periodOpenedBy, type ChangeRequest, type ChangeResult, type OnCallStore } from '../oncall.ports';
import type { Division, OnCallMember, OnCallPeriod, OnCallSource } from '../oncall.types';
import { insertAuditRow } from '../audit/oncall-audit.repository';

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

export interface DivisionDbRow extends RowDataPacket {
  id: number;
  name: string;
  oncall_line: string | null;
  fallback_number: string | null;
  allow_pin_only: number;
}

interface MemberDbRow extends RowDataPacket {
  id: number;
  name: string;
  phone: string;
  email: string | null;
  active: number;
  account_user_id: number | null;
  pin_hash: string;
  created_at: Date;
  last_login: Date | null;
}

interface PeriodDbRow extends RowDataPacket {
  id: number;
  division_id: number;
  member_id: number | null;
  phone: string;
  started_at: Date;
  ended_at: Date | null;
  source: string;
  ended_by: string | null;
}

const DIVISION_COLUMNS = 'id, name, oncall_line, fallback_number, allow_pin_only';
const MEMBER_COLUMNS = 'm.id, m.name, m.phone, m.email, m.active, m.account_user_id, m.pin_hash, m.created_at, m.last_login';
const sourceSchema = z.enum(['phone_pin', 'panel', 'softphone', 'schedule', 'override', 'api']) satisfies z.ZodType<OnCallSource>;

export function toDivision(row: DivisionDbRow): Division {
  return {
    id: row.id,
    name: row.name,
    oncallLine: row.oncall_line,
    fallbackNumber: row.fallback_number,
    allowPinOnly: Boolean(row.allow_pin_only),
  };
}

function toMember(row: MemberDbRow): OnCallMember {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    email: row.email,
    active: Boolean(row.active),
    accountUserId: row.account_user_id,
    pinHash: row.pin_hash,
    createdAt: row.created_at,
    lastLogin: row.last_login,
  };
}

function toPeriod(row: PeriodDbRow): OnCallPeriod {
  return {
    id: row.id,
    divisionId: row.division_id,
    memberId: row.member_id,
    phone: row.phone,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    source: sourceSchema.parse(row.source),
    endedBy: row.ended_by,
  };
}

const PERIOD_COLUMNS = 'id, division_id, member_id, phone, started_at, ended_at, source, ended_by';

/** MariaDB side of divisions, members and periods. */
export class OnCallRepository implements OnCallStore {
  constructor(private readonly pool: Pool) {}

  async findDivision(divisionId: number): Promise<Division | null> {
    const [rows] = await this.pool.query<DivisionDbRow[]>(`SELECT ${DIVISION_COLUMNS} FROM oncall_divisions WHERE id = ?`, [divisionId]);
    return rows[0] ? toDivision(rows[0]) : null;
  }

  async listDivisionMembers(divisionId: number): Promise<OnCallMember[]> {
    const [rows] = await this.pool.query<MemberDbRow[]>(
      `SELECT ${MEMBER_COLUMNS} FROM oncall_members m
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
    const [rows] = await db.query<PeriodDbRow[]>(
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
    const [rows] = await this.pool.query<PeriodDbRow[]>(
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
