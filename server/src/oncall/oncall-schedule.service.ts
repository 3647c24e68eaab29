import type { Clock } from '../config';
import { AppError, notFound } from '../http';
import { shiftsFromCalendar } from './ical-schedule';
import type { OnCallAdminRepository } from './oncall-admin.repository';
import type { DivisionSchedule, OnCallScheduleRepository } from './oncall-schedule.repository';
import type { OnCallScheduler } from './oncall-scheduler.service';
import type { OnCallStore } from './oncall.ports';
import { nextHandover, type Handover, type Shift } from './weekly-rotation';
import { isValidTimeZone } from './zoned-time';

export interface ScheduleInput {
  enabled: boolean;
  timeZone: string;
  calendarUrl: string | null;
  rotation: { anchor: string; handovers: Handover[] } | null;
  /** An uploaded .ics text; absent keeps the stored one, null removes it. */
  calendarIcs?: string | null | undefined;
}

export interface CalendarView {
  timeZone: string | null;
  shifts: (Shift & { memberName: string | null })[];
  overrides: (Shift & { memberName: string | null })[];
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
      clock: Clock;
    },
  ) {}

  async save(divisionId: number, input: ScheduleInput): Promise<void> {
    if (!(await this.deps.admin.findDivision(divisionId))) throw notFound('The on-call division');
    if (!isValidTimeZone(input.timeZone)) {
      throw new AppError('validation_failed', 'That time zone is not known. Use an IANA name such as Europe/Stockholm.', { fields: { timeZone: 'unknown time zone' } });
    }
    if (input.calendarIcs) {
      try {
        shiftsFromCalendar(input.calendarIcs, [], new Date(0), new Date(0));
      } catch {
        throw new AppError('validation_failed', 'The uploaded file is not an iCalendar (.ics) file. Export the calendar as .ics and upload that.', { fields: { calendarIcs: 'not an iCalendar file' } });
      }
    }
    const memberIds = new Set((await this.deps.store.listDivisionMembers(divisionId)).map((member) => member.id));
    const unknown = (input.rotation?.handovers ?? []).flatMap((handover) => handover.memberIds).filter((id) => !memberIds.has(id));
    if (unknown.length > 0) {
      throw new AppError('validation_failed', `Member ${[...new Set(unknown)].join(', ')} is not an active member of this division. Add them first.`, { fields: { rotation: 'unknown member' } });
    }
    await this.deps.schedules.saveSchedule(divisionId, input, new Date(this.deps.clock.now()));
    await this.deps.scheduler.applyAll();
  }

  async addOverride(divisionId: number, memberId: number, end: Date | undefined, actor: string): Promise<{ end: Date }> {
    const schedule = await this.scheduleOf(divisionId);
    if (!(await this.deps.store.listDivisionMembers(divisionId)).some((member) => member.id === memberId)) {
      throw new AppError('validation_failed', 'That member does not belong to this division. Add them first.', { fields: { memberId: 'not in division' } });
    }
    const now = new Date(this.deps.clock.now());
    const defaultEnd = schedule.rotation ? nextHandover({ timeZone: schedule.timeZone, ...schedule.rotation }, now) : null;
    const until = end ?? defaultEnd ?? new Date(now.getTime() + DEFAULT_OVERRIDE_MS);
    if (until <= now) throw new AppError('validation_failed', 'The end of an override must be in the future.', { fields: { end: 'must be in the future' } });
    await this.deps.schedules.insertOverride({ divisionId, memberId, start: now, end: until, source: 'manual', createdBy: actor }, now);
    await this.deps.scheduler.apply(schedule);
    return { end: until };
  }

  async calendar(divisionId: number, days: number): Promise<CalendarView> {
    const schedule = (await this.deps.schedules.enabledSchedules()).find((candidate) => candidate.divisionId === divisionId);
    const from = new Date(this.deps.clock.now());
    const to = new Date(from.getTime() + days * 86_400_000);
    const names = new Map((await this.deps.admin.listMembers()).map((member) => [member.id, member.name]));
    const named = (entry: Shift) => ({ ...entry, memberName: names.get(entry.memberId) ?? null });
    if (!schedule) return { timeZone: null, shifts: [], overrides: (await this.deps.schedules.overrides(divisionId, from, to)).map(named) };
    return {
      timeZone: schedule.timeZone,
      shifts: (await this.deps.scheduler.shifts(schedule, from, to)).map(named),
      overrides: (await this.deps.schedules.overrides(divisionId, from, to)).map(named),
    };
  }

  private async scheduleOf(divisionId: number): Promise<DivisionSchedule> {
    const schedule = (await this.deps.schedules.enabledSchedules()).find((candidate) => candidate.divisionId === divisionId);
    if (!schedule) throw new AppError('conflict', 'This division has no active schedule, so an override has nothing to override. Take the line over instead.');
    return schedule;
  }
}
