import { z } from 'zod';
import type { Pool, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { CalendarValidators } from './calendar-http.repository';
import type { Override } from './effective-oncall';
import type { Handover } from './weekly-rotation';

/** A division whose schedule drives who is on call. */
export interface DivisionSchedule {
  divisionId: number;
  divisionName: string;
  timeZone: string;
  rotation: { anchor: string; handovers: Handover[] } | null;
  calendarUrl: string | null;
  calendarIcs: string | null;
  /** The last good download of calendarUrl. */
  calendarCache: CachedCalendar | null;
}

export interface CachedCalendar {
  text: string;
  validators: CalendarValidators;
  fetchedAt: Date;
}

/** A division's schedule as the editor shows it, enabled or not. */
export interface StoredSchedule extends DivisionSchedule {
  enabled: boolean;
  calendarIcsName: string | null;
  updatedAt: Date | null;
}

/** An override as stored: how it was made and by whom. */
export interface StoredOverride extends Override {
  id: number;
  divisionId: number;
  source: string;
  createdBy: string;
}

const SCHEDULE_SELECT = `SELECT d.id, d.name, d.schedule_enabled, d.schedule_timezone, d.schedule_url, s.rotation, s.calendar_ics, s.calendar_ics_name,
        s.updated_at, s.calendar_cache, s.calendar_etag, s.calendar_last_modified, s.calendar_fetched_at
   FROM oncall_divisions d LEFT JOIN oncall_schedules s ON s.division_id = d.id`;

/** The rotation JSON column, checked with the same schema the API uses; an unreadable one reads as no rotation. */
const rotationSchema = z.object({ anchor: z.string(), handovers: z.array(z.object({ weekday: z.number().int(), time: z.string(), memberIds: z.array(z.number().int()) })) });

function parseRotation(value: unknown): DivisionSchedule['rotation'] {
  if (value === null || value === undefined) return null;
  try {
    const parsed = rotationSchema.safeParse(typeof value === 'string' ? JSON.parse(value) : value);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function toDivisionSchedule(row: RowDataPacket): DivisionSchedule {
  const rotation = parseRotation(row.rotation);
  return {
    divisionId: Number(row.id),
    divisionName: String(row.name),
    timeZone: row.schedule_timezone === null ? 'UTC' : String(row.schedule_timezone),
    rotation,
    calendarUrl: row.schedule_url === null ? null : String(row.schedule_url),
    calendarIcs: row.calendar_ics === null || row.calendar_ics === undefined ? null : String(row.calendar_ics),
    calendarCache:
      row.calendar_cache === null || row.calendar_cache === undefined
        ? null
        : {
            text: String(row.calendar_cache),
            validators: {
              etag: row.calendar_etag === null ? null : String(row.calendar_etag),
              lastModified: row.calendar_last_modified === null ? null : String(row.calendar_last_modified),
            },
            fetchedAt: row.calendar_fetched_at as Date,
          },
  };
}

interface OverrideDbRow extends RowDataPacket {
  id: number;
  division_id: number;
  member_id: number;
  starts_at: Date;
  ends_at: Date;
  source: string;
  created_by: string;
}

const OVERRIDE_COLUMNS = 'id, division_id, member_id, starts_at, ends_at, source, created_by';

function toStoredOverride(row: OverrideDbRow): StoredOverride {
  return {
    id: row.id,
    divisionId: row.division_id,
    memberId: row.member_id,
    start: row.starts_at,
    end: row.ends_at,
    source: row.source,
    createdBy: row.created_by,
  };
}

/** Schedules and overrides (MariaDB). */
export class OnCallScheduleRepository {
  constructor(private readonly pool: Pool) {}

  async enabledSchedules(): Promise<DivisionSchedule[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>(`${SCHEDULE_SELECT} WHERE d.schedule_enabled = 1 ORDER BY d.id`);
    return rows.map(toDivisionSchedule);
  }

  /** A division's schedule settings whether or not it is enabled; null when the division does not exist. */
  async findSchedule(divisionId: number): Promise<StoredSchedule | null> {
    const [rows] = await this.pool.query<RowDataPacket[]>(`${SCHEDULE_SELECT} WHERE d.id = ?`, [divisionId]);
    const row = rows[0];
    if (!row) return null;
    return {
      ...toDivisionSchedule(row),
      enabled: Boolean(row.schedule_enabled),
      calendarIcsName: row.calendar_ics_name === null || row.calendar_ics_name === undefined ? null : String(row.calendar_ics_name),
      updatedAt: (row.updated_at as Date | null) ?? null,
    };
  }

  async saveSchedule(
    divisionId: number,
    schedule: {
      enabled: boolean;
      timeZone: string;
      calendarUrl: string | null;
      rotation: DivisionSchedule['rotation'];
      calendarIcs?: string | null | undefined;
      calendarIcsName?: string | null | undefined;
    },
    at: Date,
  ): Promise<void> {
    await this.pool.query('UPDATE oncall_divisions SET schedule_enabled = ?, schedule_timezone = ?, schedule_url = ? WHERE id = ?', [
      schedule.enabled,
      schedule.timeZone,
      schedule.calendarUrl,
      divisionId,
    ]);
    await this.pool.query(
      `INSERT INTO oncall_schedules (division_id, rotation, calendar_ics, calendar_ics_name, updated_at) VALUES (?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE rotation = VALUES(rotation), calendar_ics = IF(?, VALUES(calendar_ics), calendar_ics),
         calendar_ics_name = IF(?, VALUES(calendar_ics_name), calendar_ics_name), updated_at = VALUES(updated_at)`,
      [
        divisionId,
        schedule.rotation ? JSON.stringify(schedule.rotation) : null,
        schedule.calendarIcs ?? null,
        schedule.calendarIcs ? (schedule.calendarIcsName ?? null) : null,
        at,
        schedule.calendarIcs !== undefined,
        schedule.calendarIcs !== undefined,
      ],
    );
  }

  async insertOverride(override: Override & { divisionId: number; source: string; createdBy: string }, at: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO oncall_overrides (division_id, member_id, starts_at, ends_at, source, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [override.divisionId, override.memberId, override.start, override.end, override.source, override.createdBy, at],
    );
  }

  /** Overrides of the division that have not ended by `from` and start before `to`. */
  async overrides(divisionId: number, from: Date, to: Date): Promise<StoredOverride[]> {
    const [rows] = await this.pool.query<OverrideDbRow[]>(
      `SELECT ${OVERRIDE_COLUMNS} FROM oncall_overrides WHERE division_id = ? AND ends_at > ? AND starts_at < ? ORDER BY starts_at, id`,
      [divisionId, from, to],
    );
    return rows.map(toStoredOverride);
  }

  async findOverride(id: number): Promise<StoredOverride | null> {
    const [rows] = await this.pool.query<OverrideDbRow[]>(`SELECT ${OVERRIDE_COLUMNS} FROM oncall_overrides WHERE id = ?`, [id]);
    return rows[0] ? toStoredOverride(rows[0]) : null;
  }

  /** Ends the member's overrides in force at `at` (going off call), so the schedule applies again. */
  async endOverrides(divisionId: number, memberId: number, at: Date): Promise<void> {
    await this.pool.query('UPDATE oncall_overrides SET ends_at = ? WHERE division_id = ? AND member_id = ? AND starts_at <= ? AND ends_at > ?', [
      at,
      divisionId,
      memberId,
      at,
      at,
    ]);
  }

  /** False when it was already gone. */
  async deleteOverride(id: number): Promise<boolean> {
    const [result] = await this.pool.query<ResultSetHeader>('DELETE FROM oncall_overrides WHERE id = ?', [id]);
    return result.affectedRows > 0;
  }

  async saveCalendarCache(divisionId: number, cache: CachedCalendar): Promise<void> {
    await this.pool.query(
      `INSERT INTO oncall_schedules (division_id, updated_at, calendar_cache, calendar_etag, calendar_last_modified, calendar_fetched_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE calendar_cache = VALUES(calendar_cache), calendar_etag = VALUES(calendar_etag),
         calendar_last_modified = VALUES(calendar_last_modified), calendar_fetched_at = VALUES(calendar_fetched_at)`,
      [divisionId, cache.fetchedAt, cache.text, cache.validators.etag, cache.validators.lastModified, cache.fetchedAt],
    );
  }
}
