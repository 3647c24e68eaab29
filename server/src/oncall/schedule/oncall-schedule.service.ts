import type { OnCallScheduleView } from '@ondeck/shared';
import type { Logger } from 'pino';
import { auditAddress, auditName, type Actor, type SystemActor } from '../../lib/actor';
import type { Clock } from '../../lib/clock';
import { AppError, notFound } from '../../lib/app-error';
import { CalendarRejectedError, validateCalendar } from './ical-schedule';
import type { OnCallAdminRepository } from '../directory/oncall-admin.repository';
import type { OnCallAuditRepository } from '../audit/oncall-audit.repository';
import type { DivisionSchedule, OnCallScheduleRepository } from './oncall-schedule.repository';
import type { OnCallScheduler } from './oncall-scheduler.service';
import type { OnCallStore } from '../oncall.ports';
import { nextHandover, type Handover, type Shift } from './weekly-rotation';
import { isValidTimeZone } from '../../lib/zoned-time';

export interface ScheduleInput {
  enabled: boolean;
  timeZone: string;
  calendarUrl: string | null;
  rotation: { anchor: string; handovers: Handover[] } | null;
  /** An uploaded .ics text; absent keeps the stored one, null removes it. */
  calendarIcs?: string | null | undefined;
  /** The uploaded file's name, shown in the editor. */
  calendarIcsName?: string | null | undefined;
}

/** Who changes a schedule, for the audit trail: a signed-in person, or OnDeck itself (the demo seed). */
type ScheduleChangedBy = Pick<Actor, 'id' | 'ip'> | SystemActor;

export type ScheduleView = OnCallScheduleView;

export type CalendarEntry = Shift & { memberName: string | null };
export type CalendarOverride = CalendarEntry & { id: number; source: string };

export interface CalendarView {
  timeZone: string | null;
  shifts: CalendarEntry[];
  overrides: CalendarOverride[];
}

const DEFAULT_OVERRIDE_MS = 12 * 3_600_000;

/** Schedule settings, overrides and the coming weeks, for the panel. */
export class OnCallScheduleService {
  constructor(
    private readonly deps: {
      schedules: OnCallScheduleRepository;
      scheduler: OnCallScheduler;
      store: OnCallStore;
      admin: OnCallAdminRepository;
      audit: OnCallAuditRepository;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  async load(divisionId: number): Promise<ScheduleView> {
    const stored = await this.deps.schedules.findSchedule(divisionId);
    if (!stored) throw notFound('The on-call division');
    let calendarFetch: ScheduleView['calendarFetch'] = null;
    if (stored.calendarUrl) {
      const failure = (await this.deps.audit.search({ eventType: 'calendar_fetch_failed', divisionId, limit: 1, offset: 0 })).items[0];
      const error = failure?.details?.error;
      calendarFetch = {
        lastGoodAt: stored.calendarCache?.fetchedAt.toISOString() ?? null,
        lastFailure: failure ? { at: failure.createdAt.toISOString(), error: typeof error === 'string' ? error : null } : null,
      };
    }
    return {
      divisionId,
      enabled: stored.enabled,
      timeZone: stored.timeZone,
      calendarUrl: stored.calendarUrl,
      rotation: stored.rotation,
      upload: stored.calendarIcs === null ? null : { name: stored.calendarIcsName, bytes: Buffer.byteLength(stored.calendarIcs) },
      calendarFetch,
      updatedAt: stored.updatedAt?.toISOString() ?? null,
    };
  }

  async save(divisionId: number, input: ScheduleInput, actor: ScheduleChangedBy): Promise<void> {
    if (!(await this.deps.admin.findDivision(divisionId))) throw notFound('The on-call division');
    if (!isValidTimeZone(input.timeZone)) {
      throw new AppError('validation_failed', 'That time zone is not known. Use an IANA name such as Europe/Stockholm.', { fields: { timeZone: 'unknown time zone' } });
    }
    if (input.calendarIcs) {
      try {
        validateCalendar(input.calendarIcs, new Date(this.deps.clock.now()));
      } catch (error) {
        if (error instanceof CalendarRejectedError) throw new AppError('validation_failed', error.message, { fields: { calendarIcs: 'repeats too often' } });
        throw new AppError('validation_failed', 'The uploaded file is not an iCalendar (.ics) file. Export the calendar as .ics and upload that.', { fields: { calendarIcs: 'not an iCalendar file' } });
      }
    }
    const memberIds = new Set((await this.deps.store.listDivisionMembers(divisionId)).map((member) => member.id));
    const unknown = (input.rotation?.handovers ?? []).flatMap((handover) => handover.memberIds).filter((id) => !memberIds.has(id));
    if (unknown.length > 0) {
      throw new AppError('validation_failed', `Member ${[...new Set(unknown)].join(', ')} is not an active member of this division. Add them first.`, { fields: { rotation: 'unknown member' } });
    }
    const now = new Date(this.deps.clock.now());
    await this.deps.schedules.saveSchedule(divisionId, input, now);
    await this.audit(divisionId, null, actor, now, {
      action: 'schedule_saved',
      enabled: input.enabled,
      timeZone: input.timeZone,
      calendarUrl: input.calendarUrl,
      handovers: input.rotation?.handovers.length ?? 0,
      ...(input.calendarIcs === undefined ? {} : { upload: input.calendarIcs === null ? 'removed' : (input.calendarIcsName ?? 'calendar.ics') }),
    });
    await this.deps.scheduler.applyAll();
  }

  async addOverride(divisionId: number, memberId: number, end: Date | undefined, actor: ScheduleChangedBy): Promise<{ end: Date }> {
    const schedule = await this.scheduleOf(divisionId);
    if (!(await this.deps.store.listDivisionMembers(divisionId)).some((member) => member.id === memberId)) {
      throw new AppError('validation_failed', 'That member does not belong to this division. Add them first.', { fields: { memberId: 'not in division' } });
    }
    const now = new Date(this.deps.clock.now());
    const defaultEnd = schedule.rotation ? nextHandover({ timeZone: schedule.timeZone, ...schedule.rotation }, now) : null;
    const until = end ?? defaultEnd ?? new Date(now.getTime() + DEFAULT_OVERRIDE_MS);
    if (until <= now) throw new AppError('validation_failed', 'The end of an override must be in the future.', { fields: { end: 'must be in the future' } });
    await this.deps.schedules.insertOverride({ divisionId, memberId, start: now, end: until, source: 'manual', createdBy: auditName(actor) }, now);
    await this.audit(divisionId, memberId, actor, now, { action: 'override_added', end: until.toISOString() });
    await this.deps.scheduler.apply(schedule);
    return { end: until };
  }

  /**
   * Removes an override (current or coming). The schedule is applied again at once, so the PBX
   * route (AstDB) and the webhook follow the scheduled member, or the fallback when nobody is.
   */
  async removeOverride(divisionId: number, overrideId: number, actor: ScheduleChangedBy): Promise<void> {
    const override = await this.deps.schedules.findOverride(overrideId);
    if (!override || override.divisionId !== divisionId) {
      throw new AppError('not_found', 'That override was not found in this division. It may have ended or been removed already; reload the calendar.');
    }
    const now = new Date(this.deps.clock.now());
    if (!(await this.deps.schedules.deleteOverride(overrideId))) return;
    await this.audit(divisionId, override.memberId, actor, now, {
      action: 'override_removed',
      overrideId,
      start: override.start.toISOString(),
      end: override.end.toISOString(),
      source: override.source,
      createdBy: override.createdBy,
    });
    this.deps.logger.info({ divisionId, overrideId, memberId: override.memberId, actor: auditName(actor) }, 'on-call override removed; the schedule applies again');
    const schedule = (await this.deps.schedules.enabledSchedules()).find((candidate) => candidate.divisionId === divisionId);
    if (schedule) await this.deps.scheduler.apply(schedule);
  }

  async calendar(divisionId: number, days: number): Promise<CalendarView> {
    const schedule = (await this.deps.schedules.enabledSchedules()).find((candidate) => candidate.divisionId === divisionId);
    const from = new Date(this.deps.clock.now());
    const to = new Date(from.getTime() + days * 86_400_000);
    const names = new Map((await this.deps.admin.listMembers()).map((member) => [member.id, member.name]));
    const named = (entry: Shift): CalendarEntry => ({ memberId: entry.memberId, start: entry.start, end: entry.end, memberName: names.get(entry.memberId) ?? null });
    const overrides = (await this.deps.schedules.overrides(divisionId, from, to)).map((entry) => ({ ...named(entry), id: entry.id, source: entry.source }));
    if (!schedule) return { timeZone: null, shifts: [], overrides };
    return { timeZone: schedule.timeZone, shifts: (await this.deps.scheduler.shifts(schedule, from, to)).map(named), overrides };
  }

  private audit(divisionId: number, memberId: number | null, actor: ScheduleChangedBy, at: Date, details: Record<string, unknown>): Promise<void> {
    return this.deps.audit.append({ eventType: 'schedule_changed', memberId, divisionId, callerId: null, channelOrIp: auditAddress(actor), details: { ...details, actor: auditName(actor) } }, at);
  }

  private async scheduleOf(divisionId: number): Promise<DivisionSchedule> {
    const schedule = (await this.deps.schedules.enabledSchedules()).find((candidate) => candidate.divisionId === divisionId);
    if (!schedule) throw new AppError('conflict', 'This division has no active schedule, so an override has nothing to override. Take the line over instead.');
    return schedule;
  }
}
