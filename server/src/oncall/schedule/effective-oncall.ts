import type { Shift } from './weekly-rotation';

/** A manual or phone takeover that holds until `end` (then the schedule takes over again). */
export interface Override {
  memberId: number;
  start: Date;
  end: Date;
}

export type EffectiveOnCall =
  | { kind: 'override'; memberId: number; until: Date; conflicts: number }
  | { kind: 'schedule'; memberId: number; until: Date; conflicts: number }
  /** Nobody: calls go to the division's fallback and admins are alerted. */
  | { kind: 'nobody' };

function covering<T extends Shift | Override>(entries: readonly T[], at: Date): T[] {
  return entries
    .filter((entry) => entry.start <= at && at < entry.end)
    .sort((a, b) => a.start.getTime() - b.start.getTime() || a.memberId - b.memberId);
}

/**
 * Who is on call at `at`. An override beats the schedule; of two entries at once the earliest
 * start wins (ties: the lower member id, so the answer never depends on input order).
 * `conflicts` counts the entries that lost, for the audit.
 */
export function effectiveOnCall(at: Date, overrides: readonly Override[], shifts: readonly Shift[]): EffectiveOnCall {
  const activeOverrides = covering(overrides, at);
  const winningOverride = activeOverrides[0];
  if (winningOverride) {
    return { kind: 'override', memberId: winningOverride.memberId, until: winningOverride.end, conflicts: activeOverrides.length - 1 };
  }
  const activeShifts = covering(shifts, at);
  const winningShift = activeShifts[0];
  if (winningShift) return { kind: 'schedule', memberId: winningShift.memberId, until: winningShift.end, conflicts: activeShifts.length - 1 };
  return { kind: 'nobody' };
}

const QUARTER_HOUR = 15 * 60_000;

/** The next :00/:15/:30/:45 strictly after `now` (calendar polls and the scheduler tick on these). */
export function nextQuarterHour(now: number): number {
  return (Math.floor(now / QUARTER_HOUR) + 1) * QUARTER_HOUR;
}
