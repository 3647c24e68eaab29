import type { Pool, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { z } from 'zod';
import { WEBHOOK_AUTH_KINDS, type OnCallDivisionView, type OnCallMemberView } from '@ondeck/shared';
import { withTransaction } from '../../db';
import { toDivision, type DivisionDbRow } from '../line/oncall.repository';
import type { DivisionRoute, DivisionRouteSource } from '../line/oncall-routing.service';
import { whereClause } from '../sql-filter';
import { MIN_PIN_ONLY_DIGITS } from '../line/oncall-takeover.service';
import type { OnCallPeriod, OnCallSource } from '../oncall.types';

/** A division with its delivery settings; secrets stay inside the server (see toPublicDivision). */
export interface DivisionConfig extends Omit<OnCallDivisionView, 'hasWebhookAuth' | 'hasWebhookSecret'> {
  webhookAuth: string | null;
  webhookSecret: string | null;
}

export type DivisionWrite = Omit<DivisionConfig, 'id'>;

/** The wire view of a member (shared), with the database's dates before they are sent as text. */
export type MemberSummary = Omit<OnCallMemberView, 'createdAt' | 'lastLogin'> & { createdAt: Date; lastLogin: Date | null };

export interface MemberWrite {
  name: string;
  phone: string;
  email: string | null;
  active: boolean;
  accountUserId: number | null;
  divisionIds: number[];
}

/** One row of the board: the division and who is on call (null member/phone: nobody). */
export interface BoardRow {
  divisionId: number;
  divisionName: string;
  fallbackNumber: string | null;
  period: (OnCallPeriod & { memberName: string | null }) | null;
}

export interface HistoryFilter {
  divisionId?: number | undefined;
  memberId?: number | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  offset: number;
}


interface DivisionConfigDbRow extends DivisionDbRow {
  webhook_url: string | null;
  webhook_auth_kind: string | null;
  webhook_auth_header: string | null;
  webhook_secret: string | null;
}

const DIVISION_CONFIG_COLUMNS =
  'id, name, oncall_line, fallback_number, allow_pin_only, webhook_url, webhook_auth_kind, webhook_auth_header, webhook_secret';
const authKindSchema = z.enum(WEBHOOK_AUTH_KINDS).catch('none');

function toDivisionConfig(row: DivisionConfigDbRow): DivisionConfig {
  return {
    ...toDivision(row),
    webhookUrl: row.webhook_url,
    webhookAuthKind: authKindSchema.parse(row.webhook_auth_kind ?? 'none'),
    webhookAuth: row.webhook_auth_header,
    webhookSecret: row.webhook_secret,
  };
}

interface PeriodWithNameDbRow extends RowDataPacket {
  period_id: number;
  division_id: number;
  member_id: number | null;
  member_name: string | null;
  phone: string;
  started_at: Date;
  ended_at: Date | null;
  source: string;
  ended_by: string | null;
}

interface MemberSummaryDbRow extends RowDataPacket {
  id: number;
  name: string;
  phone: string;
  email: string | null;
  active: number;
  account_user_id: number | null;
  created_at: Date;
  last_login: Date | null;
  pin_length: number | null;
  /** GROUP_CONCAT of the member's division ids, e.g. `1,4`. */
  division_ids: string | null;
  in_pin_only_division: number | string;
}

const sourceSchema = z.enum(['phone_pin', 'panel', 'softphone', 'schedule', 'override', 'api']) satisfies z.ZodType<OnCallSource>;

function toPeriodWithName(row: PeriodWithNameDbRow): OnCallPeriod & { memberName: string | null } {
  return {
    id: row.period_id,
    divisionId: row.division_id,
    memberId: row.member_id,
    memberName: row.member_name,
    phone: row.phone,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    source: sourceSchema.parse(row.source),
    endedBy: row.ended_by,
  };
}

const PERIOD_SELECT = `SELECT p.id AS period_id, p.division_id, p.member_id, m.name AS member_name, p.phone,
       p.started_at, p.ended_at, p.source, p.ended_by
  FROM oncall_periods p LEFT JOIN oncall_members m ON m.id = p.member_id`;

/** Divisions, members, the board and history for the panel (MariaDB). */
export class OnCallAdminRepository implements DivisionRouteSource {
  constructor(private readonly pool: Pool) {}

  async listDivisions(): Promise<DivisionConfig[]> {
    const [rows] = await this.pool.query<DivisionConfigDbRow[]>(`SELECT ${DIVISION_CONFIG_COLUMNS} FROM oncall_divisions ORDER BY name`);
    return rows.map(toDivisionConfig);
  }

  async findDivision(id: number): Promise<DivisionConfig | null> {
    const [rows] = await this.pool.query<DivisionConfigDbRow[]>(`SELECT ${DIVISION_CONFIG_COLUMNS} FROM oncall_divisions WHERE id = ?`, [id]);
    return rows[0] ? toDivisionConfig(rows[0]) : null;
  }

  async divisionNameTaken(name: string, exceptId: number | null): Promise<boolean> {
    const [rows] = await this.pool.query<RowDataPacket[]>('SELECT id FROM oncall_divisions WHERE name = ? AND id <> ?', [
      name,
      exceptId ?? 0,
    ]);
    return rows.length > 0;
  }

  async insertDivision(division: DivisionWrite): Promise<number> {
    const [result] = await this.pool.query<ResultSetHeader>(
      `INSERT INTO oncall_divisions (name, oncall_line, fallback_number, allow_pin_only, webhook_url, webhook_auth_kind,
         webhook_auth_header, webhook_secret) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      divisionValues(division),
    );
    return result.insertId;
  }

  async updateDivision(id: number, division: DivisionWrite): Promise<void> {
    await this.pool.query(
      `UPDATE oncall_divisions SET name = ?, oncall_line = ?, fallback_number = ?, allow_pin_only = ?, webhook_url = ?,
         webhook_auth_kind = ?, webhook_auth_header = ?, webhook_secret = ? WHERE id = ?`,
      [...divisionValues(division), id],
    );
  }

  async deleteDivision(id: number): Promise<boolean> {
    const [result] = await this.pool.query<ResultSetHeader>('DELETE FROM oncall_divisions WHERE id = ?', [id]);
    return result.affectedRows > 0;
  }

  async listDivisionRoutes(): Promise<DivisionRoute[]> {
    const [rows] = await this.pool.query<(RowDataPacket & { id: number; fallback_number: string | null; phone: string | null })[]>(
      `SELECT d.id, d.fallback_number, p.phone FROM oncall_divisions d
         LEFT JOIN oncall_periods p ON p.division_id = d.id AND p.ended_at IS NULL ORDER BY d.id`,
    );
    return rows.map((row) => ({ divisionId: row.id, phone: row.phone, fallbackNumber: row.fallback_number }));
  }

  async divisionRoute(divisionId: number): Promise<DivisionRoute | null> {
    return (await this.listDivisionRoutes()).find((route) => route.divisionId === divisionId) ?? null;
  }

  async board(): Promise<BoardRow[]> {
    const [divisions] = await this.pool.query<(RowDataPacket & { id: number; name: string; fallback_number: string | null })[]>(
      'SELECT id, name, fallback_number FROM oncall_divisions ORDER BY name',
    );
    const [periods] = await this.pool.query<PeriodWithNameDbRow[]>(`${PERIOD_SELECT} WHERE p.ended_at IS NULL`);
    const open = new Map(periods.map((row) => [row.division_id, toPeriodWithName(row)]));
    return divisions.map((row) => ({
      divisionId: row.id,
      divisionName: row.name,
      fallbackNumber: row.fallback_number,
      period: open.get(row.id) ?? null,
    }));
  }

  async history(filter: HistoryFilter): Promise<{ total: number; items: (OnCallPeriod & { memberName: string | null })[] }> {
    // A period overlaps [from, to) when it started before `to` and had not ended by `from`.
    const { clause, values } = whereClause([
      ['p.division_id = ?', filter.divisionId],
      ['p.member_id = ?', filter.memberId],
      ['(p.ended_at IS NULL OR p.ended_at > ?)', filter.from],
      ['p.started_at < ?', filter.to],
    ]);
    const [count] = await this.pool.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM oncall_periods p ${clause}`, values);
    const [rows] = await this.pool.query<PeriodWithNameDbRow[]>(
      `${PERIOD_SELECT} ${clause} ORDER BY p.started_at DESC, p.id DESC LIMIT ? OFFSET ?`,
      [...values, filter.limit, filter.offset],
    );
    return { total: Number(count[0]?.n ?? 0), items: rows.map(toPeriodWithName) };
  }

  async listMembers(): Promise<MemberSummary[]> {
    const [rows] = await this.pool.query<MemberSummaryDbRow[]>(
      `SELECT m.id, m.name, m.phone, m.email, m.active, m.account_user_id, m.created_at, m.last_login, m.pin_length,
              GROUP_CONCAT(md.division_id ORDER BY md.division_id) AS division_ids,
              COALESCE(MAX(d.allow_pin_only), 0) AS in_pin_only_division
         FROM oncall_members m LEFT JOIN oncall_member_divisions md ON md.member_id = m.id
         LEFT JOIN oncall_divisions d ON d.id = md.division_id
        GROUP BY m.id ORDER BY m.name, m.id`,
    );
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      phone: row.phone,
      email: row.email,
      active: Boolean(row.active),
      accountUserId: row.account_user_id,
      divisionIds: row.division_ids ? row.division_ids.split(',').map(Number) : [],
      createdAt: row.created_at,
      lastLogin: row.last_login,
      pinLength: row.pin_length,
      pinNeedsChange: Number(row.in_pin_only_division) > 0 && (row.pin_length === null || row.pin_length < MIN_PIN_ONLY_DIGITS),
    }));
  }

  async findMember(id: number): Promise<MemberSummary | null> {
    return (await this.listMembers()).find((member) => member.id === id) ?? null;
  }

  /** The member record linked to an OnDeck account, with its PIN hash (never leaves the server). */
  async findMemberByAccount(userId: number): Promise<{ id: number; pinHash: string } | null> {
    const [rows] = await this.pool.query<(RowDataPacket & { id: number; pin_hash: string })[]>(
      'SELECT id, pin_hash FROM oncall_members WHERE account_user_id = ? AND active = 1 ORDER BY id LIMIT 1',
      [userId],
    );
    return rows[0] ? { id: rows[0].id, pinHash: rows[0].pin_hash } : null;
  }

  async pinHashOf(memberId: number): Promise<string | null> {
    const [rows] = await this.pool.query<(RowDataPacket & { pin_hash: string })[]>('SELECT pin_hash FROM oncall_members WHERE id = ?', [memberId]);
    return rows[0]?.pin_hash ?? null;
  }

  updateMember(id: number, member: MemberWrite): Promise<void> {
    return withTransaction(this.pool, async (connection) => {
      await connection.query('UPDATE oncall_members SET name = ?, phone = ?, email = ?, active = ?, account_user_id = ? WHERE id = ?', [
        member.name,
        member.phone,
        member.email,
        member.active,
        member.accountUserId,
        id,
      ]);
      await connection.query('DELETE FROM oncall_member_divisions WHERE member_id = ?', [id]);
      for (const divisionId of member.divisionIds) {
        await connection.query('INSERT INTO oncall_member_divisions (member_id, division_id) VALUES (?, ?)', [id, divisionId]);
      }
    });
  }

  async setPinHash(id: number, pinHash: string, pinLength: number): Promise<void> {
    await this.pool.query('UPDATE oncall_members SET pin_hash = ?, pin_length = ? WHERE id = ?', [pinHash, pinLength, id]);
  }

  /** True when one of these divisions lets a PIN alone identify a member. */
  async anyPinOnly(divisionIds: readonly number[]): Promise<boolean> {
    if (divisionIds.length === 0) return false;
    const [rows] = await this.pool.query<RowDataPacket[]>('SELECT 1 FROM oncall_divisions WHERE id IN (?) AND allow_pin_only = 1 LIMIT 1', [divisionIds]);
    return rows.length > 0;
  }

  async deleteMember(id: number): Promise<boolean> {
    const [result] = await this.pool.query<ResultSetHeader>('DELETE FROM oncall_members WHERE id = ?', [id]);
    return result.affectedRows > 0;
  }

  async existingDivisionIds(ids: readonly number[]): Promise<number[]> {
    if (ids.length === 0) return [];
    const [rows] = await this.pool.query<RowDataPacket[]>('SELECT id FROM oncall_divisions WHERE id IN (?)', [ids]);
    return rows.map((row) => Number(row.id));
  }
}

function divisionValues(division: DivisionWrite): (string | number | boolean | null)[] {
  return [
    division.name,
    division.oncallLine,
    division.fallbackNumber,
    division.allowPinOnly,
    division.webhookUrl,
    division.webhookAuthKind,
    division.webhookAuth,
    division.webhookSecret,
  ];
}
