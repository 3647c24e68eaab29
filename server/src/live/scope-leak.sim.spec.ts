import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mirrorOfPanelMessages, type ModelChange, type PbxSnapshot } from '@ondeck/shared';
import type { EffectiveScope } from '../lib/scope';
import { startTraffic } from '../../simulator/traffic';
import { LAB_EXTENSIONS, startLiveLab, type LiveLab } from './testing/live-lab';
import { scopeOf } from './testing/panel-fixtures';
import { ScopedView } from './scope-filter';

/**
 * Drives the real model with the simulator's traffic generator (internal calls, queue calls,
 * holds, transfers, abandons) and records, per scoped user, every message the gateway would
 * send. No out-of-scope extension number or queue name may appear in any of them.
 */
interface Watcher {
  name: string;
  scope: EffectiveScope;
  view: ScopedView;
  messages: Array<PbxSnapshot | ModelChange>;
  forbiddenExtensions: string[];
  forbiddenQueues: string[];
}

function watcher(name: string, extensions: string[], queues: string[]): Watcher {
  const scope = scopeOf(extensions, queues);
  return {
    name,
    scope,
    view: new ScopedView(scope),
    messages: [],
    forbiddenExtensions: LAB_EXTENSIONS.filter((e) => !extensions.includes(e)),
    forbiddenQueues: ['sales', 'support'].filter((q) => !queues.includes(q)),
  };
}

/** A number as a whole token: not part of a Linkedid like "1763737200.1005" or a longer number. */
const numberPattern = (number: string): RegExp => new RegExp(`(?<![\\d.])${number}(?!\\d)`);

let lab: LiveLab;
const watchers = [
  watcher('sales supervisor', ['1001', '1002'], ['sales']),
  watcher('agent 1003', ['1003'], []),
  watcher('support supervisor', ['1003', '1004'], ['support']),
];
let callMessages = 0;

beforeAll(async () => {
  lab = await startLiveLab();
  for (const w of watchers) w.messages.push(w.view.snapshot(lab.pbx.snapshot()));
  lab.pbx.subscribe((change) => {
    if (change.kind === 'call') callMessages += 1;
    for (const w of watchers) {
      const scoped = w.view.apply(change);
      if (scoped) w.messages.push(scoped);
    }
  });
  const traffic = startTraffic(lab.sim.scenarios, {
    seed: 7,
    callsPerMinute: 30,
    queueRate: 0.4,
    transferRate: 0.3,
    holdRate: 0.4,
    talkSeconds: [5, 40],
    maxConcurrentCalls: 3,
  });
  await lab.advance(8 * 60_000, 1_000);
  traffic.stop();
  // A resync mid-way through must not leak either.
  for (const w of watchers) w.messages.push(w.view.snapshot(lab.pbx.snapshot()));
}, 120_000);

afterAll(async () => {
  await lab.stop();
});

describe('scope filter over simulated traffic', () => {
  it('produced real call traffic to check', () => {
    expect(callMessages).toBeGreaterThan(50);
  });

  for (const w of watchers) {
    it(`sends ${w.name} their own calls and nothing outside their scope`, () => {
      const serialized = w.messages.map((m) => JSON.stringify(m));
      expect(w.messages.filter((m) => 'kind' in m && m.kind === 'call').length).toBeGreaterThan(0);
      for (const text of serialized) {
        for (const ext of w.forbiddenExtensions) expect(text, `${ext} leaked to ${w.name}`).not.toMatch(numberPattern(ext));
        for (const queue of w.forbiddenQueues) expect(text, `${queue} leaked to ${w.name}`).not.toContain(`"${queue}"`);
      }
    });
  }

  it('ends with no call left on anyone’s panel that the model no longer has', () => {
    const live = new Set(lab.pbx.snapshot().calls.map((c) => c.id));
    for (const w of watchers) {
      // Numbered as the gateway numbers what it sends (a snapshot, then one delta per change).
      const sent = w.messages.map((m, index) =>
        'kind' in m
          ? { type: 'delta' as const, payload: { seq: index + 1, changes: [m] } }
          : { type: 'snapshot' as const, payload: { seq: index + 1, snapshot: m, pauseReasons: [] } },
      );
      const shown = mirrorOfPanelMessages(sent)?.calls.keys() ?? [];
      for (const id of shown) expect(live.has(id), `${w.name} still shows ${id}`).toBe(true);
    }
  });
});
