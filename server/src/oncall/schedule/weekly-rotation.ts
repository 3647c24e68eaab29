import { addDays, daysBetween, localDateTimeAt, weekdayOf, zonedToUtc } from '../../lib/zoned-time';

/**
 * One handover in the week: at `time` on `weekday` the line passes to the next person, who keeps
 * it until the next handover (so a shift may span midnight or the whole weekend). `memberIds`
 * rotate week by week from the rotation's anchor: week 0 → memberIds[0], week 1 → memberIds[1]…
 */
export interface Handover {
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** `HH:MM`, wall clock in the rotation's zone. */
  time: string;
  memberIds: number[];
}

export interface WeeklyRotation {
  /** IANA zone the handover times are in. */
  timeZone: string;
  /** `YYYY-MM-DD`: the local date week 0 starts on (its weeks run 7 days from it). */
  anchor: string;
  handovers: Handover[];
}

/** Someone scheduled on call over [start, end). */
export interface Shift {
  memberId: number;
  start: Date;
  end: Date;
}

function parseDate(text: string): { year: number; month: number; day: number } {
  const [year, month, day] = text.split('-').map(Number);
  return { year: year ?? 1970, month: month ?? 1, day: day ?? 1 };
}

function parseTime(text: string): { hour: number; minute: number } {
  const [hour, minute] = text.split(':').map(Number);
  return { hour: hour ?? 0, minute: minute ?? 0 };
}

/** Handover instants (with who takes over) from a week before `from` to a week after `to`. */
function handoversAround(rotation: WeeklyRotation, from: Date, to: Date): { memberId: number; at: Date }[] {
  const anchor = parseDate(rotation.anchor);
  const first = addDays(localDateTimeAt(from.getTime(), rotation.timeZone), -8);
  const last = addDays(localDateTimeAt(to.getTime(), rotation.timeZone), 8);
  const result: { memberId: number; at: Date }[] = [];
  for (let date = first; daysBetween(date, last) >= 0; date = addDays(date, 1)) {
    const weekday = weekdayOf(date);
    const week = Math.floor(daysBetween(anchor, date) / 7);
    for (const handover of rotation.handovers) {
      if (handover.weekday !== weekday || handover.memberIds.length === 0) continue;
      const count = handover.memberIds.length;
      const memberId = handover.memberIds[((week % count) + count) % count];
      if (memberId === undefined) continue;
      result.push({ memberId, at: zonedToUtc({ ...date, ...parseTime(handover.time) }, rotation.timeZone) });
    }
  }
  return result.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The shifts overlapping [from, to), each ending at the next handover. */
export function shiftsBetween(rotation: WeeklyRotation, from: Date, to: Date): Shift[] {
  const handovers = handoversAround(rotation, from, to);
  const shifts: Shift[] = [];
  for (let index = 0; index + 1 < handovers.length; index += 1) {
    const current = handovers[index];
    const next = handovers[index + 1];
    if (!current || !next || next.at.getTime() === current.at.getTime()) continue;
    if (next.at > from && current.at < to) shifts.push({ memberId: current.memberId, start: current.at, end: next.at });
  }
  return shifts;
}

/** The next handover strictly after `at` (the default end of an override); null without handovers. */
export function nextHandover(rotation: WeeklyRotation, at: Date): Date | null {
  return handoversAround(rotation, at, at).find((handover) => handover.at > at)?.at ?? null;
}
