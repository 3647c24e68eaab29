import { describe, expect, it } from 'vitest';
import type { PbxSnapshot, QueueView } from '@ondeck/shared';
import { queue } from '../live/testing/panel-fixtures';
import { wallView } from './wall-view';

/** sales: four members in every state a wall counts, and two callers (the oldest 95 s ago). */
function sales(): QueueView {
  const base = queue('sales', ['1001', '1002', '1003', '1004', '1005']);
  const [idle, talking, paused, gone, ringing] = base.members;
  if (!idle || !talking || !paused || !gone || !ringing) throw new Error('fixture');
  return {
    ...base,
    waiting: 2,
    members: [idle, { ...talking, status: 'in_use', inCall: true }, { ...paused, paused: true, pausedReason: 'Lunch' }, { ...gone, status: 'unavailable' }, { ...ringing, status: 'ringing' }],
    callers: [
      { position: 1, channel: 'PJSIP/trunk-01', uniqueid: 'u1', callerNum: '+15550001111', callerName: 'Ann', joinedAt: 5_000 },
      { position: 2, channel: 'PJSIP/trunk-02', uniqueid: 'u2', callerNum: '+15550002222', joinedAt: 60_000 },
    ],
  };
}

const snapshot = (stale = false): PbxSnapshot => ({ stale, extensions: [], calls: [], queues: [queue('support', ['2001']), sales()] });

describe('wallView', () => {
  it('turns a queue into figures: counts members by what they can do, times the oldest caller', () => {
    const wall = wallView({ label: 'TV', queues: ['sales'] }, snapshot(), {}, 100_000);
    expect(wall).toEqual({
      label: 'TV',
      stale: false,
      generatedAt: 100_000,
      queues: [
        {
          name: 'sales',
          waiting: 2,
          longestWaitSeconds: 95,
          answered: 3,
          abandoned: 1,
          serviceLevelPercent: 75,
          serviceLevelSeconds: 60,
          members: { total: 5, available: 1, busy: 2, paused: 1, unavailable: 1 },
          thresholds: { maxWaitSeconds: 60, maxWaiting: 5, minServiceLevel: 80 },
        },
      ],
    });
  });

  it('shows every queue, sorted, with their own thresholds, on an all-queues link; passes stale on', () => {
    const own = { maxWaitSeconds: 10, maxWaiting: 1, minServiceLevel: 99 };
    const wall = wallView({ label: 'All', queues: null }, snapshot(true), { support: own }, 100_000);
    expect(wall.stale).toBe(true);
    expect(wall.queues.map((q) => [q.name, q.thresholds.maxWaitSeconds])).toEqual([
      ['sales', 60],
      ['support', 10],
    ]);
  });

  it('shows nothing for a queue the PBX does not have, and never a caller or member', () => {
    expect(wallView({ label: 'Old', queues: ['gone'] }, snapshot(), {}, 0).queues).toEqual([]);
    expect(JSON.stringify(wallView({ label: 'All', queues: null }, snapshot(), {}, 100_000))).not.toMatch(/\+1555|Ann|Agent|Local\/|PJSIP|hint:|Lunch/);
  });
});
