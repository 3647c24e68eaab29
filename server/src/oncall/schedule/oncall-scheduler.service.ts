import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock';
import type { CalendarFetcher } from './calendar-http.repository';
import { CalendarSource } from './calendar-source.service';
import { effectiveOnCall, nextQuarterHour, type EffectiveOnCall } from './effective-oncall';
import { runDetached } from '../../lib/detached';
import type { OnCallChanges } from '../line/oncall-changes.service';
import type { DivisionSchedule, OnCallScheduleRepository } from './oncall-schedule.repository';
import type { OnCallAuditLog, OnCallChange, OnCallStore } from '../oncall.ports';
import type { OnCallMember, OnCallPeriod } from '../oncall.types';
import { nextHandover, shiftsBetween, type Shift, type WeeklyRotation } from './weekly-rotation';

const DAY = 86_400_000;
/** An override with no handover to end at (calendar-only schedule, no shift) lasts this long. */
const DEFAULT_OVERRIDE_MS = 12 * 3_600_000;

export interface SchedulerDeps {
  schedules: OnCallScheduleRepository;
  store: OnCallStore;
  /** The one change path (takeover and release alike carry the expected-period check). */
  changes: OnCallChanges;
  audit: OnCallAuditLog;
  fetcher: CalendarFetcher;
  clock: Clock;
  logger: Logger;
}

function rotationOf(schedule: DivisionSchedule): WeeklyRotation | null {
  return schedule.rotation ? { timeZone: schedule.timeZone, ...schedule.rotation } : null;
}

/**
 * Applies the effective on-call person of every scheduled division: on round quarter hours and
 * after changes. Phone or panel takeovers in a scheduled division become overrides until the
 * next handover, so the schedule does not undo them at the next tick.
 */
export class OnCallScheduler {
  private readonly calendars = new Map<number, { url: string; source: CalendarSource }>();
  /** Divisions already alerted for having nobody, so each tick does not alert again. */
  private readonly alertedNobody = new Set<number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: SchedulerDeps) {}

  /** The shifts of a division over [from, to): the weekly rotation and its calendar together. */
  async shifts(schedule: DivisionSchedule, from: Date, to: Date): Promise<Shift[]> {
    const rotation = rotationOf(schedule);
    const fromRotation = rotation ? shiftsBetween(rotation, from, to) : [];
    const calendar = this.calendarFor(schedule);
    if (!calendar) return fromRotation;
    const members = (await this.deps.store.listDivisionMembers(schedule.divisionId)).map(({ id, name, email }) => ({ id, name, email }));
    return [...fromRotation, ...calendar.shifts(members, from, to)];
  }

  async refreshCalendars(): Promise<void> {
    for (const schedule of await this.deps.schedules.enabledSchedules()) {
      if (!schedule.calendarUrl) continue;
      try {
        await this.calendarFor(schedule)?.refresh();
      } catch (error) {
        // One division's calendar never stops the others'.
        this.deps.logger.error({ err: error, divisionId: schedule.divisionId, division: schedule.divisionName }, 'refreshing the on-call calendar failed');
      }
    }
  }

  async applyAll(): Promise<void> {
    for (const schedule of await this.deps.schedules.enabledSchedules()) {
      try {
        await this.apply(schedule);
      } catch (error) {
        this.deps.logger.error({ err: error, divisionId: schedule.divisionId, division: schedule.divisionName }, 'applying the on-call schedule failed');
      }
    }
  }

  /** Who the schedule and overrides put on call at `now`; `skipOverridesOf` leaves that member's overrides out. */
  private async effectiveAt(schedule: DivisionSchedule, now: Date, skipOverridesOf: number | null = null): Promise<EffectiveOnCall> {
    const overrides = (await this.deps.schedules.overrides(schedule.divisionId, now, new Date(now.getTime() + 1))).filter(
      (override) => override.memberId !== skipOverridesOf,
    );
    return effectiveOnCall(now, overrides, await this.shifts(schedule, new Date(now.getTime() - DAY), new Date(now.getTime() + DAY)));
  }

  /** Makes the division's current period match the schedule and overrides at this moment. */
  async apply(schedule: DivisionSchedule): Promise<EffectiveOnCall> {
    const now = new Date(this.deps.clock.now());
    const logger = this.deps.logger.child({ divisionId: schedule.divisionId, division: schedule.divisionName });
    const effective = await this.effectiveAt(schedule, now);
    const current = await this.deps.store.currentPeriod(schedule.divisionId);
    if (effective.kind === 'nobody') {
      await this.handleNobody(schedule, current, now, logger);
      return effective;
    }
    this.alertedNobody.delete(schedule.divisionId);
    if (current?.memberId === effective.memberId) return effective;
    if (effective.conflicts > 0) {
      await this.record('on_call_conflict', schedule.divisionId, effective.memberId, { rule: 'earliest_start_wins', losers: effective.conflicts, kind: effective.kind }, now);
    }
    const member = (await this.deps.store.listDivisionMembers(schedule.divisionId)).find((candidate) => candidate.id === effective.memberId);
    if (!member) {
      logger.warn({ memberId: effective.memberId }, 'the schedule names a member who is not an active member of the division; left unchanged');
      return effective;
    }
    const source = effective.kind === 'override' ? 'override' : 'schedule';
    const result = await this.deps.changes.change(
      {
        divisionId: schedule.divisionId,
        to: { memberId: member.id, phone: member.phone },
        source,
        expectedPeriodId: current?.id ?? null,
        at: now,
        endedBy: source,
        audit: { callerId: null, channelOrIp: null, details: { until: effective.until.toISOString() } },
      },
      { divisionName: schedule.divisionName, memberName: member.name, logger },
    );
    if (result.outcome === 'changed') logger.info({ memberId: member.id, source, until: effective.until }, 'on-call line handed over by the schedule');
    return effective;
  }

  /**
   * Who takes the line when `memberId` goes off call now: the schedule without that member's
   * overrides. `self` when the schedule itself names them (going off would be undone at the next
   * tick), `nobody` when it names no one (calls go to the fallback). Not scheduled: `nobody`.
   */
  async handBackTarget(divisionId: number, memberId: number, now: Date): Promise<{ kind: 'member'; member: OnCallMember } | { kind: 'nobody' } | { kind: 'self' }> {
    const schedule = (await this.deps.schedules.enabledSchedules()).find((candidate) => candidate.divisionId === divisionId);
    if (!schedule) return { kind: 'nobody' };
    const effective = await this.effectiveAt(schedule, now, memberId);
    if (effective.kind === 'nobody') return { kind: 'nobody' };
    if (effective.memberId === memberId) return { kind: 'self' };
    const member = (await this.deps.store.listDivisionMembers(divisionId)).find((candidate) => candidate.id === effective.memberId);
    return member ? { kind: 'member', member } : { kind: 'nobody' };
  }

  /** After going off call: the member's overrides end now, so the schedule does not put them back. */
  async endOverridesOf(divisionId: number, memberId: number, at: Date): Promise<void> {
    await this.deps.schedules.endOverrides(divisionId, memberId, at);
  }

  /** A phone or panel takeover in a scheduled division holds until the next handover. */
  async noteTakeover(change: OnCallChange): Promise<void> {
    if (change.memberId === null || (change.source !== 'phone_pin' && change.source !== 'panel')) return;
    const schedule = (await this.deps.schedules.enabledSchedules()).find((candidate) => candidate.divisionId === change.divisionId);
    if (!schedule) return;
    const rotation = rotationOf(schedule);
    const end = (rotation && nextHandover(rotation, change.at)) ?? new Date(change.at.getTime() + DEFAULT_OVERRIDE_MS);
    await this.deps.schedules.insertOverride(
      { divisionId: change.divisionId, memberId: change.memberId, start: change.at, end, source: change.source, createdBy: `member:${change.memberId}` },
      change.at,
    );
  }

  /** Ticks at :00/:15/:30/:45: polls calendars, then applies every schedule. */
  start(): void {
    const schedule = (): void => {
      const delay = Math.max(nextQuarterHour(this.deps.clock.now()) - this.deps.clock.now(), 1_000);
      this.timer = setTimeout(() => {
        runDetached(this.deps.logger, 'the on-call scheduler tick', () => this.refreshCalendars().then(() => this.applyAll()).finally(schedule));
      }, delay);
      this.timer.unref();
    };
    runDetached(this.deps.logger, 'applying the on-call schedules at start', () => this.applyAll().finally(schedule));
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private calendarFor(schedule: DivisionSchedule): CalendarSource | null {
    const url = schedule.calendarUrl ?? (schedule.calendarIcs ? `upload:${schedule.calendarIcs.length}:${schedule.calendarIcs.slice(-64)}` : null);
    if (!url) return null;
    const known = this.calendars.get(schedule.divisionId);
    if (known?.url === url) return known.source;
    const source = new CalendarSource({
      divisionId: schedule.divisionId,
      divisionName: schedule.divisionName,
      url,
      fetcher: this.deps.fetcher,
      audit: this.deps.audit,
      clock: this.deps.clock,
      logger: this.deps.logger,
      initial: schedule.calendarUrl ? schedule.calendarCache : null,
      persist: (good) => this.deps.schedules.saveCalendarCache(schedule.divisionId, good),
    });
    if (!schedule.calendarUrl && schedule.calendarIcs) {
      try {
        source.upload(schedule.calendarIcs);
      } catch (error) {
        // Stored before such files were refused: this division gets no calendar shifts, the others carry on.
        this.deps.logger.error({ err: error, divisionId: schedule.divisionId, division: schedule.divisionName }, 'the uploaded on-call calendar cannot be used; upload a corrected one');
      }
    }
    this.calendars.set(schedule.divisionId, { url, source });
    return source;
  }

  private async handleNobody(schedule: DivisionSchedule, current: OnCallPeriod | null, now: Date, logger: Logger): Promise<void> {
    if (current) {
      // The same expected-period check as a takeover: a takeover that committed after `current`
      // was read makes this a conflict, so the release never ends it.
      const result = await this.deps.changes.change(
        {
          divisionId: schedule.divisionId,
          to: null,
          source: 'schedule',
          expectedPeriodId: current.id,
          at: now,
          endedBy: 'schedule',
          audit: { callerId: null, channelOrIp: null, details: { reason: 'nobody_scheduled' } },
        },
        { divisionName: schedule.divisionName, memberName: null, logger },
      );
      if (result.outcome === 'conflict') return;
    }
    if (this.alertedNobody.has(schedule.divisionId)) return;
    this.alertedNobody.add(schedule.divisionId);
    await this.record('nobody_on_call', schedule.divisionId, null, { previousMemberId: current?.memberId ?? null }, now);
    logger.error('nobody is on call by the schedule; calls go to the fallback number. Add a shift or an override.');
  }

  private record(eventType: 'nobody_on_call' | 'on_call_conflict', divisionId: number, memberId: number | null, details: Record<string, unknown>, at: Date): Promise<void> {
    return this.deps.audit.append({ eventType, memberId, divisionId, callerId: null, channelOrIp: null, details }, at);
  }
}
