import ical from 'node-ical';
import type { Shift } from './weekly-rotation';

/** Who a calendar event can name: by name in the summary, or by e-mail as an attendee. */
export interface CalendarMember {
  id: number;
  name: string;
  email: string | null;
}

export interface CalendarShifts {
  shifts: Shift[];
  /** Events in the window that named nobody we know (shown to admins, not guessed at). */
  unmatched: string[];
}

/** A calendar OnDeck will not use; the message is for the admin who uploaded or linked it. */
export class CalendarRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarRejectedError';
  }
}

/** More shifts than this in one window is not an on-call rota (28 days of 15-minute shifts is 2,688). */
const MAX_SHIFTS = 5_000;

/**
 * An RRULE repeating every second or minute would expand to millions of instances (the calendar
 * page answered 500 and the scheduler stalled): refused before any expansion. rrule's frequency
 * is a name in node-ical's wrapper and a number (5 minutely, 6 secondly) in rrule itself.
 */
function assertBoundedRecurrence(component: { rrule?: unknown; summary?: unknown }): void {
  const rule = component.rrule as { options?: { freq?: unknown }; origOptions?: { freq?: unknown } } | undefined;
  if (!rule) return;
  const rawFreq = rule.options?.freq ?? rule.origOptions?.freq;
  const freq = typeof rawFreq === 'string' || typeof rawFreq === 'number' ? String(rawFreq).toUpperCase() : '';
  const every = freq === 'SECONDLY' || freq === '6' ? 'second' : freq === 'MINUTELY' || freq === '5' ? 'minute' : null;
  if (every) {
    const summary = textOf(component.summary).slice(0, 80) || 'an event';
    throw new CalendarRejectedError(`"${summary}" repeats every ${every}. On-call shifts may repeat hourly at most: change that event's repeat rule and try again.`);
  }
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'val' in value) return String(value.val);
  return '';
}

function attendeeEmails(attendee: unknown): string[] {
  const list = Array.isArray(attendee) ? attendee : attendee === undefined ? [] : [attendee];
  return list.map((entry) => textOf(entry).replace(/^mailto:/i, '').trim().toLowerCase()).filter((email) => email !== '');
}

/** The member an event names; the longest matching name wins so "Ann" does not steal "Anna Berg". */
function matchMember(summary: string, emails: string[], members: readonly CalendarMember[]): CalendarMember | null {
  const byEmail = members.find((member) => member.email !== null && emails.includes(member.email.toLowerCase()));
  if (byEmail) return byEmail;
  const lower = summary.toLowerCase();
  const named = members.filter((member) => member.name.trim() !== '' && lower.includes(member.name.toLowerCase()));
  return named.sort((a, b) => b.name.length - a.name.length)[0] ?? null;
}

/**
 * Shifts from an iCalendar text within [from, to): recurrence rules, EXDATEs, RECURRENCE-ID
 * overrides and VTIMEZONE/TZID times are expanded by node-ical. Throws when the text is not a
 * calendar, so a broken download never replaces the last good schedule, and CalendarRejectedError
 * for a calendar that never ends (an RRULE every second or minute, or thousands of events).
 */
export function shiftsFromCalendar(text: string, members: readonly CalendarMember[], from: Date, to: Date): CalendarShifts {
  if (!/BEGIN:VCALENDAR/i.test(text)) throw new Error('not an iCalendar file (no BEGIN:VCALENDAR)');
  const parsed = ical.sync.parseICS(text);
  const shifts: Shift[] = [];
  const unmatched: string[] = [];
  for (const component of Object.values(parsed)) {
    if (!component || component.type !== 'VEVENT') continue;
    assertBoundedRecurrence(component);
    const instances = ical.expandRecurringEvent(component, { from, to, expandOngoing: true });
    for (const instance of instances) {
      const start = new Date(instance.start.getTime());
      const end = new Date(instance.end.getTime());
      if (!(end > from && start < to) || end <= start) continue;
      const summary = textOf(instance.summary);
      const member = matchMember(summary, attendeeEmails(instance.event.attendee), members);
      if (member) shifts.push({ memberId: member.id, start, end });
      else unmatched.push(summary);
      if (shifts.length + unmatched.length > MAX_SHIFTS) {
        throw new CalendarRejectedError(`The calendar has more than ${MAX_SHIFTS} events in a few weeks. That is not an on-call rota: check its repeat rules.`);
      }
    }
  }
  shifts.sort((a, b) => a.start.getTime() - b.start.getTime() || a.memberId - b.memberId);
  return { shifts, unmatched };
}

/** The longest window any view or the scheduler expands (the calendar page asks for up to 62 days). */
const VALIDATION_DAYS = 62;

/** Throws unless `text` is a calendar OnDeck can expand over the coming weeks (uploads and downloads). */
export function validateCalendar(text: string, now: Date): void {
  shiftsFromCalendar(text, [], new Date(now.getTime() - 86_400_000), new Date(now.getTime() + VALIDATION_DAYS * 86_400_000));
}
