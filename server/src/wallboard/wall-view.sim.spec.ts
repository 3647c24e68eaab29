import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WallSnapshot } from '@ondeck/shared';
import { LAB_EXTENSIONS, startLiveLab, type LiveLab } from '../live/testing/live-lab';
import { startTraffic } from '../../simulator/traffic';
import { wallView } from './wall-view';

/**
 * A wallboard link for queue sales, sampled every simulated second while the simulator's traffic
 * generator runs queue calls (internal and from outside numbers), transfers, holds and abandons.
 * No extension number, caller number, channel or other queue may appear in any wall.
 */
let lab: LiveLab;
const walls: WallSnapshot[] = [];
const link = { label: 'Sales TV', queues: ['sales'] };

/** A number as a whole token: not part of a longer number. */
const numberPattern = (number: string): RegExp => new RegExp(`(?<![\\d.])${number}(?!\\d)`);

beforeAll(async () => {
  lab = await startLiveLab();
  const traffic = startTraffic(lab.sim.scenarios, {
    seed: 11,
    callsPerMinute: 30,
    queueRate: 0.6,
    inboundRate: 0.5,
    transferRate: 0.2,
    holdRate: 0.3,
    talkSeconds: [5, 40],
    maxConcurrentCalls: 4,
  });
  for (let second = 0; second < 6 * 60; second += 1) {
    await lab.advance(1_000, 1_000);
    walls.push(wallView(link, lab.pbx.snapshot(), { sales: { maxWaitSeconds: 30, maxWaiting: 2, minServiceLevel: 75 } }, lab.clock.now()));
  }
  traffic.stop();
}, 120_000);

afterAll(async () => {
  await lab.stop();
});

describe('wallboard link over simulated traffic', () => {
  it('saw callers waiting in sales', () => {
    expect(walls.some((wall) => (wall.queues[0]?.waiting ?? 0) > 0)).toBe(true);
    expect(walls.some((wall) => (wall.queues[0]?.longestWaitSeconds ?? 0) > 0)).toBe(true);
  });

  it('shows only sales, with its thresholds, and no number, channel or other queue', () => {
    for (const wall of walls) {
      expect(wall.queues.map((q) => q.name)).toEqual(['sales']);
      expect(wall.queues[0]?.thresholds.maxWaitSeconds).toBe(30);
      const text = JSON.stringify(wall);
      for (const ext of LAB_EXTENSIONS) expect(text).not.toMatch(numberPattern(ext));
      expect(text).not.toMatch(/\+1555|PJSIP|Local\/|support|uniqueid|channel/i);
    }
  });
});
