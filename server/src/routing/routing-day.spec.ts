import { describe, expect, it } from 'vitest';
import { isValidTimeZone, routingDay } from './routing-day';

describe('routingDay', () => {
  it('changes exactly at local midnight, not at UTC midnight', () => {
    // Europe/Berlin is UTC+1 in December: local midnight is 23:00 UTC.
    expect(routingDay(Date.parse('2026-12-07T22:59:59.999Z'), 'Europe/Berlin')).toBe('2026-12-07');
    expect(routingDay(Date.parse('2026-12-07T23:00:00.000Z'), 'Europe/Berlin')).toBe('2026-12-08');
    expect(routingDay(Date.parse('2026-12-07T23:00:00.000Z'), 'UTC')).toBe('2026-12-07');
  });

  it('keeps a 23-hour and a 25-hour DST day as one day each', () => {
    // 2026-03-29: Berlin springs forward at 01:00 UTC; 2026-10-25: falls back at 01:00 UTC.
    expect(routingDay(Date.parse('2026-03-28T23:00:00.000Z'), 'Europe/Berlin')).toBe('2026-03-29');
    expect(routingDay(Date.parse('2026-03-29T21:59:59.999Z'), 'Europe/Berlin')).toBe('2026-03-29');
    expect(routingDay(Date.parse('2026-03-29T22:00:00.000Z'), 'Europe/Berlin')).toBe('2026-03-30');
    expect(routingDay(Date.parse('2026-10-24T22:00:00.000Z'), 'Europe/Berlin')).toBe('2026-10-25');
    expect(routingDay(Date.parse('2026-10-25T22:59:59.999Z'), 'Europe/Berlin')).toBe('2026-10-25');
    expect(routingDay(Date.parse('2026-10-25T23:00:00.000Z'), 'Europe/Berlin')).toBe('2026-10-26');
  });

  it('handles zones west of UTC and half-hour offsets', () => {
    expect(routingDay(Date.parse('2026-12-08T04:59:59.999Z'), 'America/New_York')).toBe('2026-12-07');
    expect(routingDay(Date.parse('2026-12-08T05:00:00.000Z'), 'America/New_York')).toBe('2026-12-08');
    expect(routingDay(Date.parse('2026-12-07T18:30:00.000Z'), 'Asia/Kolkata')).toBe('2026-12-08');
  });

  it('says which zone names are real', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
