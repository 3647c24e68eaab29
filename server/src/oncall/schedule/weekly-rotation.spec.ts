import { describe, expect, it } from 'vitest';
import { nextHandover, shiftsBetween, type WeeklyRotation } from './weekly-rotation';
import { isValidTimeZone, zonedToUtc } from '../../lib/zoned-time';

const HOUR = 3_600_000;
const MON = 1;
const WED = 3;
const THU = 4;

function onDutyAt(rotation: WeeklyRotation, iso: string): number | null {
  const at = new Date(iso);
  return shiftsBetween(rotation, at, new Date(at.getTime() + 1)).find((shift) => shift.start <= at && at < shift.end)?.memberId ?? null;
}

describe('zonedToUtc', () => {
  it('uses the offset in force on that day', () => {
    expect(zonedToUtc({ year: 2026, month: 1, day: 15, hour: 8, minute: 0 }, 'Europe/Stockholm').toISOString()).toBe('2026-01-15T07:00:00.000Z');
    expect(zonedToUtc({ year: 2026, month: 7, day: 15, hour: 8, minute: 0 }, 'Europe/Stockholm').toISOString()).toBe('2026-07-15T06:00:00.000Z');
    expect(zonedToUtc({ year: 2026, month: 7, day: 15, hour: 8, minute: 0 }, 'America/New_York').toISOString()).toBe('2026-07-15T12:00:00.000Z');
  });

  it('moves a time skipped in spring forward by the gap, and takes the first of a repeated autumn time', () => {
    // Stockholm: 2026-03-29 02:00 → 03:00; 2026-10-25 03:00 → 02:00.
    expect(zonedToUtc({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Stockholm').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedToUtc({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Stockholm').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    // New York: 2026-03-08 02:00 → 03:00; 2026-11-01 02:00 → 01:00.
    expect(zonedToUtc({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(zonedToUtc({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('knows real zones from made-up ones', () => {
    expect(isValidTimeZone('Europe/Stockholm')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('weekly rotation', () => {
  const stockholm: WeeklyRotation = {
    timeZone: 'Europe/Stockholm',
    anchor: '2026-03-02',
    handovers: [
      { weekday: MON, time: '08:00', memberIds: [1, 2] },
      { weekday: THU, time: '17:00', memberIds: [3] },
    ],
  };

  it('hands over at local wall-clock times across the spring DST change in Stockholm', () => {
    // Thu 26 Mar 17:00 CET (16:00Z) → Mon 30 Mar 08:00 CEST (06:00Z): one hour shorter than usual.
    const shifts = shiftsBetween(stockholm, new Date('2026-03-27T00:00:00Z'), new Date('2026-03-28T00:00:00Z'));
    expect(shifts).toEqual([{ memberId: 3, start: new Date('2026-03-26T16:00:00Z'), end: new Date('2026-03-30T06:00:00Z') }]);
    expect((shifts[0]!.end.getTime() - shifts[0]!.start.getTime()) / HOUR).toBe(86);
    expect(onDutyAt(stockholm, '2026-03-30T05:59:00Z')).toBe(3);
    // Week 4 from the anchor: memberIds[0] again.
    expect(onDutyAt(stockholm, '2026-03-30T06:00:00Z')).toBe(1);
    expect(onDutyAt(stockholm, '2026-03-23T07:00:00Z')).toBe(2);
  });

  it('and across the autumn change', () => {
    // Thu 22 Oct 17:00 CEST (15:00Z) → Mon 26 Oct 08:00 CET (07:00Z): one hour longer.
    const [shift] = shiftsBetween(stockholm, new Date('2026-10-24T00:00:00Z'), new Date('2026-10-24T01:00:00Z'));
    expect(shift).toEqual({ memberId: 3, start: new Date('2026-10-22T15:00:00Z'), end: new Date('2026-10-26T07:00:00Z') });
  });

  it('covers a midnight-spanning shift in New York (on duty the 25th until 07:00 on the 26th) across DST', () => {
    const nights: WeeklyRotation = {
      timeZone: 'America/New_York',
      anchor: '2026-11-02',
      handovers: [
        { weekday: WED, time: '19:00', memberIds: [7] },
        { weekday: THU, time: '07:00', memberIds: [8] },
      ],
    };
    // Wed 25 Nov 2026 19:00 EST = 26 Nov 00:00Z; Thu 26 Nov 07:00 EST = 12:00Z.
    expect(onDutyAt(nights, '2026-11-26T00:00:00Z')).toBe(7);
    expect(onDutyAt(nights, '2026-11-26T11:59:00Z')).toBe(7);
    expect(onDutyAt(nights, '2026-11-26T12:00:00Z')).toBe(8);
    expect(onDutyAt(nights, '2026-11-25T23:59:00Z')).toBe(8);
    // The week of the change (1 Nov): Wed 28 Oct 19:00 EDT = 23:00Z.
    expect(onDutyAt(nights, '2026-10-28T23:00:00Z')).toBe(7);
    expect(onDutyAt(nights, '2026-10-28T22:59:00Z')).toBe(8);
  });

  it('the next handover is the default end of an override', () => {
    expect(nextHandover(stockholm, new Date('2026-03-28T12:00:00Z'))?.toISOString()).toBe('2026-03-30T06:00:00.000Z');
    expect(nextHandover({ ...stockholm, handovers: [] }, new Date('2026-03-28T12:00:00Z'))).toBeNull();
  });
});
