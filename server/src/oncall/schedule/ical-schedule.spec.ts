import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CalendarRejectedError, shiftsFromCalendar, validateCalendar, type CalendarMember } from './ical-schedule';

const roster = readFileSync(new URL('./testing/ics/rotation-stockholm.ics', import.meta.url), 'utf8');
const members: CalendarMember[] = [
  { id: 1, name: 'Alice Andersson', email: 'alice@example.com' },
  { id: 2, name: 'Bob Berg', email: null },
  { id: 3, name: 'Carol', email: 'carol@example.com' },
];

describe('shiftsFromCalendar', () => {
  const { shifts, unmatched } = shiftsFromCalendar(roster, members, new Date('2026-03-20T00:00:00Z'), new Date('2026-04-20T00:00:00Z'));
  const iso = (memberId: number) => shifts.filter((shift) => shift.memberId === memberId).map((shift) => shift.start.toISOString());

  it('expands a weekly rule in its time zone across the DST change, without the EXDATE', () => {
    // 23 Mar 08:00 CET = 07:00Z; from 30 Mar (CEST) 08:00 = 06:00Z; 6 Apr is excluded; 13 Apr is Bob's override.
    expect(iso(1)).toEqual(['2026-03-23T07:00:00.000Z', '2026-03-30T06:00:00.000Z']);
    const first = shifts.find((shift) => shift.memberId === 1);
    expect(first?.end.toISOString()).toBe('2026-03-26T16:00:00.000Z');
  });

  it('applies a RECURRENCE-ID override naming another member', () => {
    expect(iso(2)).toEqual(['2026-04-13T06:00:00.000Z']);
  });

  it('matches an attendee by e-mail; a midnight-spanning night shift keeps its end on the 26th', () => {
    const night = shifts.find((shift) => shift.memberId === 3);
    expect(night?.start.toISOString()).toBe('2026-03-25T18:00:00.000Z');
    expect(night?.end.toISOString()).toBe('2026-03-26T06:00:00.000Z');
  });

  it('lists events that name nobody instead of guessing', () => {
    expect(unmatched).toEqual(['Team lunch']);
  });

  it('refuses text that is not a calendar', () => {
    expect(() => shiftsFromCalendar('<html>login</html>', members, new Date(0), new Date())).toThrow(/not an iCalendar/);
  });
});

describe('calendars that never end', () => {
  const secondly = readFileSync(new URL('./testing/ics/never-ending-secondly.ics', import.meta.url), 'utf8');

  it('refuses an RRULE every second or minute before expanding it, with words an admin can act on', () => {
    expect(() => shiftsFromCalendar(secondly, members, new Date('2026-03-20T00:00:00Z'), new Date('2026-04-20T00:00:00Z'))).toThrow(CalendarRejectedError);
    expect(() => validateCalendar(secondly, new Date('2026-03-20T00:00:00Z'))).toThrow(/"Alice Andersson" repeats every second/);
    expect(() => validateCalendar(secondly.replace('SECONDLY', 'MINUTELY'), new Date('2026-03-20T00:00:00Z'))).toThrow(/repeats every minute/);
  });

  it('accepts hourly and the real roster', () => {
    expect(() => validateCalendar(secondly.replace('SECONDLY', 'HOURLY'), new Date('2026-03-20T00:00:00Z'))).not.toThrow();
    expect(() => validateCalendar(roster, new Date('2026-03-20T00:00:00Z'))).not.toThrow();
  });
});
