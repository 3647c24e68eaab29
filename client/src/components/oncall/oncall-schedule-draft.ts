import type { OnCallHandover, OnCallScheduleInput, OnCallScheduleView } from '../../stores/oncall-api';
import { collectProblems, timeProblem, urlProblem } from './oncall-validation';

/** Where a schedule's calendar comes from, besides the weekly rotation. */
export type CalendarSourceKind = 'none' | 'url' | 'file';

/** The schedule part of the division dialog while it is being edited. */
export interface ScheduleDraft {
  enabled: boolean;
  timeZone: string;
  /** Kept from the stored rotation: members rotate week by week counted from it. */
  anchor: string;
  handovers: OnCallHandover[];
  source: CalendarSourceKind;
  calendarUrl: string;
  /** A newly chosen file; null keeps the stored upload (see `stored.upload`). */
  file: { name: string; text: string } | null;
  /** What the server has, for the status lines; null for a new division. */
  stored: OnCallScheduleView | null;
}

const today = (): string => new Date().toISOString().slice(0, 10);

export function draftFromView(view: OnCallScheduleView | null, defaultTimeZone: string): ScheduleDraft {
  return {
    enabled: view?.enabled ?? false,
    timeZone: view?.timeZone ?? defaultTimeZone,
    anchor: view?.rotation?.anchor ?? today(),
    handovers: view?.rotation?.handovers.map((handover) => ({ ...handover, memberIds: [...handover.memberIds] })) ?? [],
    source: view?.calendarUrl ? 'url' : view?.upload ? 'file' : 'none',
    calendarUrl: view?.calendarUrl ?? '',
    file: null,
    stored: view,
  };
}

/** A file is an iCalendar when it starts a VCALENDAR; the server parses it fully. */
export function icsProblem(text: string): string | null {
  return /^\uFEFF?\s*BEGIN:VCALENDAR/i.test(text) ? null : 'This file is not an iCalendar (.ics) file. Export the calendar as .ics and choose that file.';
}

/** Problems of the draft; a schedule that is off is still checked, since it is stored for later. */
export function draftProblems(draft: ScheduleDraft): Record<string, string> {
  const url = draft.calendarUrl.trim();
  return collectProblems({
    rotation: draft.handovers.some((h) => timeProblem(h.time) !== null || h.memberIds.length === 0) ? 'Every handover needs a time and at least one member.' : null,
    calendarUrl: draft.source === 'url' ? (url === '' ? 'A calendar URL is required.' : urlProblem(url)) : null,
    calendarIcs:
      draft.source === 'file' && !draft.file && !draft.stored?.upload ? 'Choose an .ics file.' : draft.file ? icsProblem(draft.file.text) : null,
    schedule: draft.enabled && draft.handovers.length === 0 && draft.source === 'none' ? 'Add a handover or a calendar, or turn the schedule off.' : null,
  });
}

/** What PUT …/schedule gets. A stored upload is kept unless a new file replaces it or the calendar is turned off. */
export function scheduleInput(draft: ScheduleDraft): OnCallScheduleInput {
  const input: OnCallScheduleInput = {
    enabled: draft.enabled,
    timeZone: draft.timeZone,
    calendarUrl: draft.source === 'url' ? draft.calendarUrl.trim() : null,
    rotation: draft.handovers.length > 0 ? { anchor: draft.anchor, handovers: draft.handovers } : null,
  };
  if (draft.file && draft.source === 'file') return { ...input, calendarIcs: draft.file.text, calendarIcsName: draft.file.name };
  if (draft.source === 'none' && draft.stored?.upload) return { ...input, calendarIcs: null };
  return input;
}
