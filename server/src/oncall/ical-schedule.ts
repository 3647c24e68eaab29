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

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'val' in value) return String((value as { val: unknown }).val);
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
 * calendar, so a broken download never replaces the last good schedule.
 */
export function shiftsFromCalendar(text: string, members: readonly CalendarMember[], from: Date, to: Date): CalendarShifts {
  if (!/BEGIN:VCALENDAR/i.test(text)) throw new Error('not an iCalendar file (no BEGIN:VCALENDAR)');
  const parsed = ical.sync.parseICS(text);
  const shifts: Shift[] = [];
  const unmatched: string[] = [];
  for (const component of Object.values(parsed)) {
    if (!component || component.type !== 'VEVENT') continue;
    const instances = ical.expandRecurringEvent(component, { from, to, expandOngoing: true });
    for (const instance of instances) {
      const start = new Date(instance.start.getTime());
      const end = new Date(instance.end.getTime());
      if (!(end > from && start < to) || end <= start) continue;
      const summary = textOf(instance.summary);
      const member = matchMember(summary, attendeeEmails(instance.event.attendee), members);
      if (member) shifts.push({ memberId: member.id, start, end });
      else unmatched.push(summary);
    }
  }
  shifts.sort((a, b) => a.start.getTime() - b.start.getTime() || a.memberId - b.memberId);
  return { shifts, unmatched };
}
