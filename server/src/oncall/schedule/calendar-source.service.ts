import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock';
import type { CalendarFetcher, CalendarValidators } from './calendar-http.repository';
import { shiftsFromCalendar, validateCalendar, type CalendarMember } from './ical-schedule';
import type { OnCallAuditLog } from '../oncall.ports';
import type { Shift } from './weekly-rotation';

export interface GoodCalendar {
  text: string;
  validators: CalendarValidators;
  fetchedAt: Date;
}

export type RefreshResult = 'updated' | 'unchanged' | 'failed_kept_last_good' | 'failed_no_schedule';

/**
 * A division's calendar, polled (at :00/:15/:30/:45 by the scheduler). A download that fails or
 * does not parse never replaces the last good calendar: the schedule stays as it was and admins
 * are alerted (audit `calendar_fetch_failed` + an error log naming the division).
 */
export class CalendarSource {
  private lastGood: GoodCalendar | null = null;

  constructor(
    private readonly deps: {
      divisionId: number;
      divisionName: string;
      url: string;
      fetcher: CalendarFetcher;
      audit: OnCallAuditLog;
      clock: Clock;
      logger: Logger;
      /** The last good calendar saved before a restart. */
      initial?: GoodCalendar | null;
      /** Saves each new good download, so it survives a restart. */
      persist?: (good: GoodCalendar) => Promise<void>;
    },
  ) {
    this.lastGood = deps.initial ?? null;
  }

  /** Loads an uploaded .ics as the current calendar (validated the same way as a download). */
  upload(text: string): void {
    validateCalendar(text, new Date(this.deps.clock.now()));
    this.lastGood = { text, validators: { etag: null, lastModified: null }, fetchedAt: new Date(this.deps.clock.now()) };
  }

  async refresh(): Promise<RefreshResult> {
    const logger = this.deps.logger.child({ divisionId: this.deps.divisionId, division: this.deps.divisionName });
    try {
      const download = await this.deps.fetcher.fetch(this.deps.url, this.lastGood?.validators ?? null);
      if (download.kind === 'not_modified') return 'unchanged';
      // Parse before accepting: an HTML login page or a truncated file must not wipe the schedule.
      validateCalendar(download.text, new Date(this.deps.clock.now()));
      this.lastGood = { text: download.text, validators: download.validators, fetchedAt: new Date(this.deps.clock.now()) };
      await this.deps.persist?.(this.lastGood);
      logger.info('on-call calendar updated');
      return 'updated';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.deps.audit.append(
        {
          eventType: 'calendar_fetch_failed',
          memberId: null,
          divisionId: this.deps.divisionId,
          callerId: null,
          channelOrIp: null,
          details: { error: message, keptLastGood: this.lastGood !== null, lastGoodAt: this.lastGood?.fetchedAt.toISOString() ?? null },
        },
        new Date(this.deps.clock.now()),
      );
      logger.error({ error: message, keptLastGood: this.lastGood !== null }, 'on-call calendar fetch failed; keeping the last good schedule');
      return this.lastGood ? 'failed_kept_last_good' : 'failed_no_schedule';
    }
  }

  /**
   * Shifts from the last good calendar; empty before the first good download. A stored calendar
   * that cannot be expanded (e.g. one accepted before unbounded repeats were refused) gives no
   * shifts and an error log; it never breaks the board or the other divisions.
   */
  shifts(members: readonly CalendarMember[], from: Date, to: Date): Shift[] {
    if (!this.lastGood) return [];
    try {
      return shiftsFromCalendar(this.lastGood.text, members, from, to).shifts;
    } catch (error) {
      this.deps.logger.error({ err: error, divisionId: this.deps.divisionId, division: this.deps.divisionName }, 'the stored on-call calendar cannot be used; upload a corrected one');
      return [];
    }
  }
}
