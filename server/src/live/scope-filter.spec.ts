import { describe, expect, it } from 'vitest';
import type { ModelChange } from '@ondeck/shared';
import { ALL, call, extension, externalParty, internalParty, queue, scopeOf, snapshotOf } from './testing/panel-fixtures';
import { callVisible, effectiveScope } from '../lib/scope';
import { REDACTED_PARTY, ScopedView, scopeCall, scopeSnapshot } from './scope-filter';

const agent1001 = scopeOf(['1001']);
const salesSupervisor = scopeOf(['1001', '1002'], ['sales']);

describe('scopeCall', () => {
  it('gives admins the call unchanged', () => {
    const c = call('c1', internalParty('1001'), internalParty('1005'));
    expect(scopeCall(ALL, c)).toBe(c);
  });

  it('hides a call none of whose parties or queue is in scope', () => {
    const c = call('c1', internalParty('1004'), internalParty('1005'), { queue: 'support' });
    expect(callVisible(agent1001, c)).toBe(false);
    expect(scopeCall(agent1001, c)).toBeUndefined();
  });

  it('shows a call through an in-scope queue even when no party is in scope', () => {
    const c = call('c1', externalParty('+15550100'), internalParty('1007'), { queue: 'sales' });
    const scoped = scopeCall(salesSupervisor, c);
    expect(scoped?.queue).toBe('sales');
    expect(scoped?.parties[0]?.number).toBe('+15550100');
    expect(scoped?.parties[1]).toEqual({ number: REDACTED_PARTY, external: false, channel: '' });
  });

  it('redacts an out-of-scope internal party everywhere: party, relation, legs, extensions', () => {
    const c = call('c1', internalParty('1001'), internalParty('1005'));
    const scoped = scopeCall(agent1001, c);
    expect(scoped).toBeDefined();
    expect(scoped?.parties.map((p) => p.number)).toEqual(['1001', REDACTED_PARTY]);
    expect(scoped?.relations).toEqual([{ a: '1001', b: REDACTED_PARTY, state: 'up' }]);
    expect(scoped?.legs.map((l) => l.channel)).toEqual(['PJSIP/1001-0000002a']);
    expect(scoped?.extensions).toEqual(['1001']);
    expect(JSON.stringify(scoped)).not.toContain('1005');
  });

  it('keeps an external caller ID, because the in-scope person talks to them', () => {
    const c = call('c1', externalParty('+15550100', 'ACME'), internalParty('1001'));
    const scoped = scopeCall(agent1001, c);
    expect(scoped?.parties[0]).toMatchObject({ number: '+15550100', name: 'ACME', external: true });
    expect(scoped?.legs).toHaveLength(2);
  });

  it('keeps the call quality, which names no party, on a redacted call', () => {
    const quality = { grade: 'fair' as const, mos: 3.8, jitterMs: 20, lossPercent: 5, rttMs: 100 };
    const scoped = scopeCall(agent1001, call('c1', internalParty('1001'), internalParty('1005'), { quality }));
    expect(scoped?.quality).toEqual(quality);
    expect(scopeCall(agent1001, call('c2', internalParty('1001'), internalParty('1005')))).not.toHaveProperty('quality');
  });

  it('redacts the held party name on a hold relation', () => {
    const c = call('c1', internalParty('1001'), internalParty('1005'), {
      state: 'on_hold',
      relations: [{ a: '1001', b: '1005', state: 'on_hold', heldParty: '1005' }],
    });
    expect(scopeCall(agent1001, c)?.relations[0]?.heldParty).toBe(REDACTED_PARTY);
  });

  it('drops Local half-channels and an out-of-scope queue name', () => {
    const c = call('c1', externalParty('+15550100'), internalParty('1001'), { queue: 'support' });
    c.legs.push({ channel: 'Local/1005@from-queue-0000001;1', uniqueid: 'x', state: 'Ring' });
    const scoped = scopeCall(agent1001, c);
    expect(scoped?.queue).toBeUndefined();
    expect(JSON.stringify(scoped)).not.toMatch(/1005|support/);
  });

  it('keeps only spies who are in scope and spy on a shown channel', () => {
    const c = call('c1', internalParty('1001'), externalParty('+15550100'), {
      spiedBy: [
        { spy: '1002', spyChannel: 'PJSIP/1002-1', target: '1001', targetChannel: 'PJSIP/1001-0000002a', mode: 'listen' },
        { spy: '1009', spyChannel: 'PJSIP/1009-1', target: '1001', targetChannel: 'PJSIP/1001-0000002a', mode: 'barge' },
      ],
    });
    expect(scopeCall(salesSupervisor, c)?.spiedBy.map((s) => s.spy)).toEqual(['1002']);
    expect(scopeCall(agent1001, c)?.spiedBy).toEqual([]);
  });

  it('drops `spying` unless both supervisor and target are in scope', () => {
    const spyCall = call('s1', internalParty('1002'), internalParty('1001'), {
      spying: { spy: '1002', spyChannel: 'PJSIP/1002-1', target: '1005', targetChannel: 'PJSIP/1005-1', mode: 'whisper' },
    });
    expect(scopeCall(salesSupervisor, spyCall)?.spying).toBeUndefined();
    expect(scopeCall(scopeOf(['1002', '1005']), spyCall)?.spying?.target).toBe('1005');
  });
});

describe('scopeSnapshot', () => {
  const snapshot = snapshotOf({
    extensions: [extension('1001', ['c1']), extension('1005', ['c2'])],
    calls: [call('c1', internalParty('1001'), externalParty('+1555')), call('c2', internalParty('1005'), internalParty('1006'))],
    queues: [queue('sales', ['1001']), queue('support', ['1005'])],
  });

  it('keeps only in-scope extensions, calls and queues', () => {
    const scoped = scopeSnapshot(salesSupervisor, snapshot);
    expect(scoped.extensions.map((e) => e.number)).toEqual(['1001']);
    expect(scoped.calls.map((c) => c.id)).toEqual(['c1']);
    expect(scoped.queues.map((q) => q.name)).toEqual(['sales']);
    expect(JSON.stringify(scoped)).not.toMatch(/1005|1006|support/);
  });

  it('returns everything to an admin and passes the stale flag through', () => {
    const stale = { ...snapshot, stale: true };
    expect(scopeSnapshot(ALL, stale)).toBe(stale);
    expect(scopeSnapshot(agent1001, stale).stale).toBe(true);
  });

  it('shows an empty scope nothing', () => {
    const scoped = scopeSnapshot(scopeOf([]), snapshot);
    expect(scoped).toEqual({ stale: false, extensions: [], calls: [], queues: [] });
  });
});

describe('queues an agent is a member of', () => {
  // Agent 1002 of the demo: no queues in their stored scope, a member of support.
  const agent = effectiveScope({ role: 'agent', extension: '1002', scope: { extensions: [], queues: [] } });
  const support = queue('support', ['1001', '1002']);
  const sales = queue('sales', ['1003']);

  it('are visible without being in the scope; other queues are not', () => {
    const scoped = scopeSnapshot(agent, snapshotOf({ queues: [support, sales] }));
    expect(scoped.queues.map((q) => q.name)).toEqual(['support']);
  });

  it('appear when the agent is added to a queue and go when they leave it', () => {
    const view = new ScopedView(agent);
    view.snapshot(snapshotOf({ queues: [sales] }));
    const joined = queue('sales', ['1003', '1002']);
    expect(view.apply({ kind: 'queue', op: 'updated', id: 'sales', value: joined })).toMatchObject({ op: 'added', id: 'sales' });
    expect(view.apply({ kind: 'queue', op: 'updated', id: 'sales', value: sales })).toEqual({ kind: 'queue', op: 'removed', id: 'sales' });
  });

  it('do not widen a supervisor’s scope (an admin sets their queues), nor anyone’s without an extension', () => {
    const supervisor = effectiveScope({ role: 'supervisor', extension: '1002', scope: { extensions: [], queues: [] } });
    expect(scopeSnapshot(supervisor, snapshotOf({ queues: [support] })).queues).toEqual([]);
    const noPhone = effectiveScope({ role: 'agent', extension: null, scope: { extensions: ['1002'], queues: [] } });
    expect(scopeSnapshot(noPhone, snapshotOf({ queues: [support] })).queues).toEqual([]);
  });
});

describe('ScopedView', () => {
  const callChange = (op: 'added' | 'updated', value: ReturnType<typeof call>): ModelChange => ({ kind: 'call', op, id: value.id, value });

  it('sends nothing about an object that never was in scope, even its removal', () => {
    const view = new ScopedView(agent1001);
    view.snapshot(snapshotOf({}));
    expect(view.apply(callChange('added', call('c9', internalParty('1005'), internalParty('1006'))))).toBeUndefined();
    expect(view.apply({ kind: 'call', op: 'removed', id: 'c9' })).toBeUndefined();
    expect(view.apply({ kind: 'queue', op: 'updated', id: 'support', value: queue('support', ['1005']) })).toBeUndefined();
  });

  it('turns a call leaving scope into a removal', () => {
    const view = new ScopedView(agent1001);
    view.snapshot(snapshotOf({}));
    const onCall = call('c1', internalParty('1001'), internalParty('1005'));
    expect(view.apply(callChange('updated', onCall))?.op).toBe('added');
    // 1001 transferred the caller to 1006 and dropped off.
    const transferred = call('c1', internalParty('1006'), internalParty('1005'));
    expect(view.apply(callChange('updated', transferred))).toEqual({ kind: 'call', op: 'removed', id: 'c1' });
    expect(view.apply(callChange('updated', transferred))).toBeUndefined();
  });

  it('reports updates of a visible object as updated, redacted', () => {
    const view = new ScopedView(agent1001);
    view.snapshot(snapshotOf({ calls: [call('c1', internalParty('1001'), internalParty('1005'))] }));
    const change = view.apply(callChange('added', call('c1', internalParty('1001'), internalParty('1005'), { state: 'on_hold' })));
    expect(change?.op).toBe('updated');
    expect(JSON.stringify(change)).not.toContain('1005');
  });

  it('passes PBX status changes to everyone', () => {
    const view = new ScopedView(scopeOf([]));
    const status: ModelChange = { kind: 'status', op: 'updated', id: 'pbx', value: { stale: true } };
    expect(view.apply(status)).toBe(status);
  });

  it('re-scopes on a new snapshot with a new scope', () => {
    const view = new ScopedView(agent1001);
    const snapshot = snapshotOf({ extensions: [extension('1001'), extension('1005')] });
    expect(view.snapshot(snapshot).extensions).toHaveLength(1);
    expect(view.snapshot(snapshot, scopeOf(['1005'])).extensions.map((e) => e.number)).toEqual(['1005']);
    expect(view.apply({ kind: 'extension', op: 'removed', id: '1005' })).toEqual({ kind: 'extension', op: 'removed', id: '1005' });
    expect(view.apply({ kind: 'extension', op: 'removed', id: '1001' })).toBeUndefined();
  });
});

describe('queue callers', () => {
  it('shows an internal out-of-scope caller waiting in an in-scope queue as Internal', () => {
    const sales = queue('sales', ['1001']);
    sales.callers = [
      { position: 1, channel: 'PJSIP/1005-00000001', uniqueid: 'u1', callerNum: '1005', callerName: 'Ext 1005', joinedAt: 1 },
      { position: 2, channel: 'PJSIP/trunk-00000002', uniqueid: 'u2', callerNum: '+15550100', callerName: 'ACME', joinedAt: 2 },
    ];
    const scoped = scopeSnapshot(salesSupervisor, snapshotOf({ extensions: [extension('1001'), extension('1005')], queues: [sales] }));
    expect(scoped.queues[0]?.callers.map((c) => c.callerNum)).toEqual([REDACTED_PARTY, '+15550100']);
    expect(JSON.stringify(scoped)).not.toContain('1005');
  });
});
