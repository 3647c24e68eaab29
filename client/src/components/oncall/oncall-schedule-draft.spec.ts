import { describe, expect, it } from 'vitest';
import type { OnCallScheduleView } from '../../stores/oncall-api';
import { draftFromView, draftProblems, icsProblem, scheduleInput } from './oncall-schedule-draft';

const stored: OnCallScheduleView = {
  divisionId: 3,
  enabled: true,
  timeZone: 'Europe/Stockholm',
  calendarUrl: null,
  rotation: { anchor: '2026-03-02', handovers: [{ weekday: 1, time: '08:00', memberIds: [4, 5] }] },
  upload: { name: 'roster.ics', bytes: 812 },
  calendarFetch: null,
  updatedAt: '2026-11-20T10:00:00.000Z',
};

describe('schedule draft', () => {
  it('loads the stored rotation and upload, and saves them back unchanged', () => {
    const draft = draftFromView(stored, 'UTC');
    expect(draft).toMatchObject({ enabled: true, timeZone: 'Europe/Stockholm', anchor: '2026-03-02', source: 'file', file: null });
    expect(draftProblems(draft)).toEqual({});
    // No calendarIcs: the stored upload stays.
    expect(scheduleInput(draft)).toEqual({ enabled: true, timeZone: 'Europe/Stockholm', calendarUrl: null, rotation: stored.rotation });
  });

  it('sends a new file with its name, and removes the upload when the calendar is turned off', () => {
    const draft = { ...draftFromView(stored, 'UTC'), file: { name: 'new.ics', text: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR' } };
    expect(scheduleInput(draft)).toMatchObject({ calendarIcs: draft.file.text, calendarIcsName: 'new.ics' });
    expect(scheduleInput({ ...draft, source: 'none' })).toMatchObject({ calendarIcs: null });
  });

  it('starts a new division with nothing and asks for something once enabled', () => {
    const draft = draftFromView(null, 'Europe/Berlin');
    expect(draft).toMatchObject({ enabled: false, timeZone: 'Europe/Berlin', handovers: [], source: 'none' });
    expect(draftProblems(draft)).toEqual({});
    expect(Object.keys(draftProblems({ ...draft, enabled: true }))).toEqual(['schedule']);
    expect(Object.keys(draftProblems({ ...draft, handovers: [{ weekday: 1, time: '8', memberIds: [] }] }))).toEqual(['rotation']);
    expect(Object.keys(draftProblems({ ...draft, enabled: true, source: 'url', calendarUrl: 'ftp://x' }))).toEqual(['calendarUrl']);
  });

  it('refuses a file that is not an iCalendar', () => {
    expect(icsProblem('<html><body>Sign in</body></html>')).toMatch(/not an iCalendar/);
    expect(icsProblem('\uFEFFBEGIN:VCALENDAR\r\n')).toBeNull();
    const draft = { ...draftFromView(null, 'UTC'), enabled: true, source: 'file' as const, file: { name: 'x.ics', text: 'hello' } };
    expect(draftProblems(draft).calendarIcs).toMatch(/not an iCalendar/);
  });
});
