import { describe, expect, it } from 'vitest';
import { seededRandom } from '../lib/seeded-random';
import { chooseTargets, hasRoom } from './choose-targets';
import type { Campaign, CampaignLink, RoutingState, RoutingStrategy } from './types';

function campaign(strategy: RoutingStrategy, overrides: Partial<Campaign> = {}): Campaign {
  return { id: 1, active: true, strategy, ringTimeoutSeconds: 20, maxAttempts: 3, fallback: { kind: 'busy' }, ...overrides };
}

function link(id: number, overrides: Partial<CampaignLink> = {}): CampaignLink {
  return {
    id,
    clientId: id * 10,
    priority: 0,
    weight: 1,
    concurrencyCap: 0,
    dailyCap: 0,
    totalCap: 0,
    counters: { liveCalls: 0, todayCount: 0, totalCount: 0 },
    active: true,
    target: { dialString: `PJSIP/cc-${id}` },
    ...overrides,
  };
}

const start: RoutingState = { roundRobinCursor: null };

function firstLinkIds(decisionCount: number, c: Campaign, links: CampaignLink[]): Map<number, number> {
  const random = seededRandom(42);
  const counts = new Map<number, number>();
  let state = start;
  for (let i = 0; i < decisionCount; i += 1) {
    const decision = chooseTargets(c, links, state, random);
    if (decision.status !== 'OK') throw new Error(`expected OK, got ${decision.status}`);
    state = decision.nextState;
    const lead = decision.targets[0]!.linkId;
    counts.set(lead, (counts.get(lead) ?? 0) + 1);
  }
  return counts;
}

describe('hasRoom', () => {
  it('treats 0 as unlimited and a count at the cap as full', () => {
    expect(hasRoom(link(1, { counters: { liveCalls: 999, todayCount: 999, totalCount: 999 } }))).toBe(true);
    expect(hasRoom(link(1, { concurrencyCap: 5, counters: { liveCalls: 5, todayCount: 0, totalCount: 0 } }))).toBe(false);
    expect(hasRoom(link(1, { dailyCap: 3, counters: { liveCalls: 0, todayCount: 3, totalCount: 3 } }))).toBe(false);
    expect(hasRoom(link(1, { totalCap: 3, counters: { liveCalls: 0, todayCount: 0, totalCount: 3 } }))).toBe(false);
    expect(hasRoom(link(1, { concurrencyCap: 5, counters: { liveCalls: 4, todayCount: 0, totalCount: 0 } }))).toBe(true);
    expect(hasRoom(link(1, { active: false }))).toBe(false);
  });
});

describe('chooseTargets: statuses', () => {
  it('reports a disabled campaign before looking at links', () => {
    expect(chooseTargets(campaign('priority', { active: false }), [link(1)], start, Math.random)).toEqual({ status: 'DISABLED' });
  });

  it('gives the fallback with reason no_links when there are no active links', () => {
    const fallback = { kind: 'message', sound: 'custom/closed' } as const;
    expect(chooseTargets(campaign('priority', { fallback }), [link(1, { active: false })], start, Math.random)).toEqual({
      status: 'NO_ROOM',
      reason: 'no_links',
      fallback,
    });
    expect(chooseTargets(campaign('weighted'), [], start, Math.random)).toMatchObject({ reason: 'no_links' });
  });

  it('gives the fallback with reason all_full when every link is at a cap', () => {
    const full = link(1, { concurrencyCap: 1, counters: { liveCalls: 1, todayCount: 0, totalCount: 0 } });
    const fallback = { kind: 'number', number: '+15550000000' } as const;
    expect(chooseTargets(campaign('round_robin', { fallback }), [full], start, Math.random)).toEqual({
      status: 'NO_ROOM',
      reason: 'all_full',
      fallback,
    });
  });
});

describe('chooseTargets: priority', () => {
  it('orders by priority, ties by id, limited to maxAttempts', () => {
    const links = [link(1, { priority: 1 }), link(2, { priority: 5 }), link(3, { priority: 5 }), link(4, { priority: 9 })];
    const decision = chooseTargets(campaign('priority'), links, start, Math.random);
    expect(decision).toEqual({
      status: 'OK',
      targets: [
        { linkId: 4, clientId: 40, dialString: 'PJSIP/cc-4' },
        { linkId: 2, clientId: 20, dialString: 'PJSIP/cc-2' },
        { linkId: 3, clientId: 30, dialString: 'PJSIP/cc-3' },
      ],
      ringTimeoutSeconds: 20,
      nextState: start,
    });
  });

  it('never picks a lower link while a higher one has room, over 10,000 decisions', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 10_000; i += 1) {
      const links = [1, 2, 3, 4].map((id) =>
        link(id, { priority: id, concurrencyCap: 2, counters: { liveCalls: Math.floor(random() * 3), todayCount: 0, totalCount: 0 } }),
      );
      const decision = chooseTargets(campaign('priority', { maxAttempts: 1 }), links, start, random);
      const highestWithRoom = links.filter(hasRoom).sort((a, b) => b.priority - a.priority)[0];
      if (!highestWithRoom) expect(decision.status).toBe('NO_ROOM');
      else expect(decision.status === 'OK' && decision.targets[0]!.linkId).toBe(highestWithRoom.id);
    }
  });
});

describe('chooseTargets: round_robin', () => {
  it('rotates from the persisted cursor and returns the new one', () => {
    const links = [link(3), link(1), link(2)];
    const decision = chooseTargets(campaign('round_robin'), links, { roundRobinCursor: 1 }, Math.random);
    expect(decision.status === 'OK' && decision.targets.map((t) => t.linkId)).toEqual([2, 3, 1]);
    expect(decision.status === 'OK' && decision.nextState).toEqual({ roundRobinCursor: 2 });
    const wrapped = chooseTargets(campaign('round_robin'), links, { roundRobinCursor: 3 }, Math.random);
    expect(wrapped.status === 'OK' && wrapped.targets[0]!.linkId).toBe(1);
  });

  it('skips links without room and survives a cursor pointing at a removed link', () => {
    const links = [link(1), link(2, { active: false }), link(5)];
    const decision = chooseTargets(campaign('round_robin'), links, { roundRobinCursor: 3 }, Math.random);
    expect(decision.status === 'OK' && decision.targets.map((t) => t.linkId)).toEqual([5, 1]);
  });

  it('leads with each link within 1 of the others over 10,000 decisions', () => {
    const counts = firstLinkIds(10_000, campaign('round_robin'), [link(1), link(2), link(3)]);
    expect([...counts.keys()].sort()).toEqual([1, 2, 3]);
    const values = [...counts.values()];
    expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
  });
});

describe('chooseTargets: weighted', () => {
  it('leads in proportion to weight within ±3 points over 10,000 decisions', () => {
    const links = [link(1, { weight: 60 }), link(2, { weight: 30 }), link(3, { weight: 10 })];
    const counts = firstLinkIds(10_000, campaign('weighted'), links);
    expect(Math.abs((counts.get(1) ?? 0) / 100 - 60)).toBeLessThanOrEqual(3);
    expect(Math.abs((counts.get(2) ?? 0) / 100 - 30)).toBeLessThanOrEqual(3);
    expect(Math.abs((counts.get(3) ?? 0) / 100 - 10)).toBeLessThanOrEqual(3);
  });

  it('lists distinct links, never a weight-0 or capped one', () => {
    const random = seededRandom(3);
    const links = [
      link(1, { weight: 5 }),
      link(2, { weight: 0 }),
      link(3, { weight: 5, totalCap: 10, counters: { liveCalls: 0, todayCount: 0, totalCount: 10 } }),
      link(4, { weight: 1 }),
    ];
    for (let i = 0; i < 1000; i += 1) {
      const decision = chooseTargets(campaign('weighted'), links, start, random);
      expect(decision.status === 'OK' && [...decision.targets.map((t) => t.linkId)].sort()).toEqual([1, 4]);
    }
  });
});
