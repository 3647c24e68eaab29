import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { ModelChange, PbxStatus } from '@ondeck/shared';
import type { AmiClient, AmiConnection } from './ami';
import { AmiMessage } from './ami/codec';
import { loadMessages } from './ami/testing/captures';
import { ManualTimers } from '../lib/testing/manual-timers';
import { PbxService } from './pbx.service';
import type { AmiConnectionLink, PbxAmiLink } from './pbx.service';

/** Compile-time proof that the real AMI connection plugs straight into the service. */
export const amiConnectionIsALink = (connection: AmiConnection): PbxAmiLink => connection;
export const amiClientIsALink = (client: AmiClient): PbxAmiLink => client;

/** The list answers Asterisk gave in the list-actions-live capture, by action name. */
function recordedLists(): Map<string, AmiMessage[]> {
  const idToAction: Record<string, string> = {
    'list-actions-live-1': 'CoreShowChannels',
    'list-actions-live-2': 'QueueStatus',
    'list-actions-live-4': 'DeviceStateList',
    'list-actions-live-5': 'ExtensionStateList',
    'list-actions-live-6': 'PJSIPShowEndpoints',
  };
  const lists = new Map<string, AmiMessage[]>();
  for (const message of loadMessages('list-actions-live')) {
    const action = idToAction[message.actionId ?? ''];
    if (!action || message.event === undefined || message.get('EventList') === 'Complete') continue;
    lists.set(action, [...(lists.get(action) ?? []), message]);
  }
  return lists;
}

class FakeLink extends EventEmitter implements AmiConnectionLink {
  lists = new Map<string, AmiMessage[]>();
  /** Every list action asked for, with its fields. */
  readonly asked: Array<Record<string, string>> = [];
  failing = new Set<string>();
  /** When set, list actions wait for `release()`. */
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  async listAction(fields: Record<string, string>): Promise<{ items: AmiMessage[] }> {
    const action = fields.Action ?? '';
    this.asked.push(fields);
    if (this.gate) await this.gate;
    if (this.failing.has(action)) throw new Error(`${action} refused`);
    return { items: this.lists.get(action) ?? [] };
  }
}

function event(fields: Record<string, string>): AmiMessage {
  return AmiMessage.from(fields);
}

const channel = (uniqueid: string, name: string, state: string, extra: Record<string, string> = {}): Record<string, string> => ({
  Channel: name, ChannelState: state, Uniqueid: uniqueid, Linkedid: '900.1', Context: 'from-internal',
  CallerIDNum: name.slice(6, 10), ...extra,
});

const down: PbxStatus = { state: 'reconnecting', since: null, lastError: 'lost', banner: null };

/*
 * The service starts a resync itself (on login, on a model failure, after an overflow). The
 * spy calls through and keeps each returned promise, so a test awaits the real work instead
 * of counting microtasks.
 */
const resyncs = vi.spyOn(PbxService.prototype, 'resync');

/** Waits until every resync started so far (and any they start) has finished. */
async function settle(): Promise<void> {
  let awaited = 0;
  while (awaited < resyncs.mock.results.length) {
    const started = resyncs.mock.results.slice(awaited).map((result) => result.value as Promise<void>);
    awaited += started.length;
    await Promise.allSettled(started);
  }
}

describe('PbxService', () => {
  it('works the same over a bare AmiClient (login / close)', async () => {
    const link = new FakeLink();
    const service = new PbxService(link);
    link.emit('login');
    await settle();
    expect(service.stale).toBe(false);
    link.emit('close', new Error('lost'));
    expect(service.stale).toBe(true);
  });

  it('logs a resync that throws (never an unhandled rejection) and still applies the events held back', async () => {
    const link = new FakeLink();
    const errors: Array<{ details: object; message: string }> = [];
    const service = new PbxService(link, { logger: { warn: () => undefined, error: (details, message) => errors.push({ details, message }) } });
    vi.spyOn(service.model, 'resync').mockImplementation(() => {
      throw new Error('model bug');
    });
    link.hold();
    link.emit('connected');
    link.emit('event', event({ Event: 'Newchannel', ...channel('900.1', 'PJSIP/1001-00000001', '6') }));
    link.release();
    await settle();
    expect(errors.map((entry) => entry.message)).toEqual(['PBX resync failed']);
    expect((errors[0]?.details as { err?: Error }).err?.message).toBe('model bug');
    expect(service.stale).toBe(true);
    expect(service.calls().map((call) => call.id)).toEqual(['900.1']);
  });

  it('is stale until the first resync completes', async () => {
    const link = new FakeLink();
    const service = new PbxService(link);
    expect(service.stale).toBe(true);
    link.emit('connected');
    await settle();
    expect(service.stale).toBe(false);
  });

  it('rebuilds calls, queues and extensions from the recorded list answers', async () => {
    const link = new FakeLink();
    link.lists = recordedLists();
    const service = new PbxService(link, { clock: { now: () => 1_000_000 } });
    link.emit('connected');
    await settle();

    const calls = service.calls();
    const talking = calls.find((call) => call.id === '1795274896.87');
    expect(talking?.relations).toEqual([{ a: '1001', b: '1002', state: 'up' }]);
    expect(talking?.state).toBe('up');
    const waiting = calls.find((call) => call.id === '1795274897.89');
    expect(waiting?.state).toBe('in_queue');
    expect(waiting?.queue).toBe('support');

    const support = service.queues().find((queue) => queue.name === 'support');
    expect(support?.waiting).toBe(1);
    expect(support?.callers[0]).toMatchObject({ channel: 'PJSIP/1003-00000051', joinedAt: 1_000_000 - 2_000 });
    expect(support?.members.map((m) => [m.interface, m.status])).toEqual([
      ['PJSIP/1001', 'in_use'],
      ['PJSIP/1002', 'in_use'],
    ]);

    const ext1001 = service.extensions().find((ext) => ext.number === '1001');
    expect(ext1001?.deviceState).toBe('INUSE');
    expect(ext1001?.callIds).toEqual(['1795274896.87']);
    expect(ext1001?.registration.contacts.map((c) => c.uri)).toEqual(['sip:1001-0x55d6c7d10b70@127.0.0.1:5110']);
    const ext2001 = service.extensions().find((ext) => ext.number === '2001');
    expect(ext2001?.deviceState).toBe('UNAVAILABLE');
    expect(ext2001?.registration.reachable).toBe(false);
  });

  it('a second resync that finds the same PBX changes nothing, even with the clock moved on', async () => {
    const link = new FakeLink();
    link.lists = recordedLists();
    let now = 1_000_000;
    const service = new PbxService(link, { clock: { now: () => now } });
    link.emit('connected');
    await settle();
    const before = service.snapshot();
    const changes: ModelChange[] = [];
    service.subscribe((change) => changes.push(change));
    now += 7_000;
    link.emit('status', down);
    link.emit('connected');
    await settle();
    expect(changes.filter((change) => change.kind !== 'status')).toEqual([]);
    expect(service.snapshot()).toEqual(before);
  });

  it('rebuilds from the lists when the model fails on an event, without throwing to the link', async () => {
    const link = new FakeLink();
    const warnings: string[] = [];
    const service = new PbxService(link, { logger: { warn: (_details, message) => warnings.push(message), error: (_details, message) => warnings.push(message) } });
    link.emit('connected');
    await settle();
    const apply = service.model.apply.bind(service.model);
    let calls = 0;
    service.model.apply = (message) => {
      calls += 1;
      if (calls === 1) throw new Error('model bug');
      apply(message);
    };
    link.lists.set('CoreShowChannels', [event({ Event: 'CoreShowChannel', ...channel('900.1', 'PJSIP/1001-00000001', '6') })]);
    expect(() => link.emit('event', event({ Event: 'Newchannel', ...channel('900.1', 'PJSIP/1001-00000001', '6') }))).not.toThrow();
    await settle();
    expect(warnings).toEqual(['PBX model failed on an event; resyncing']);
    expect(service.calls().map((call) => call.id)).toEqual(['900.1']);
  });

  it('applies events that arrive during the resync after it, not before', async () => {
    const link = new FakeLink();
    const service = new PbxService(link);
    link.hold();
    link.emit('connected');
    link.emit('event', event({ Event: 'Newchannel', ...channel('900.1', 'PJSIP/1001-00000001', '4') }));
    expect(service.calls()).toEqual([]);
    link.release();
    await settle();
    expect(service.calls().map((call) => call.id)).toEqual(['900.1']);
  });

  it('removes calls that ended while disconnected and reports staleness', async () => {
    const link = new FakeLink();
    const service = new PbxService(link);
    const changes: ModelChange[] = [];
    service.subscribe((change) => changes.push(change));
    link.emit('connected');
    await settle();
    link.emit('event', event({ Event: 'Newchannel', ...channel('900.1', 'PJSIP/1001-00000001', '6') }));
    expect(service.calls()).toHaveLength(1);

    link.emit('status', down);
    expect(service.stale).toBe(true);
    expect(service.calls()).toHaveLength(1);

    changes.length = 0;
    link.emit('connected');
    await settle();
    expect(service.calls()).toEqual([]);
    expect(changes).toContainEqual({ kind: 'call', op: 'removed', id: '900.1' });
    expect(changes).toContainEqual({ kind: 'status', op: 'updated', id: 'pbx', value: { stale: false } });
  });

  it('keeps the last state, stale, when a required list action fails', async () => {
    const link = new FakeLink();
    const service = new PbxService(link);
    link.emit('connected');
    await settle();
    link.emit('event', event({ Event: 'Newchannel', ...channel('900.1', 'PJSIP/1001-00000001', '6') }));
    link.emit('status', down);
    link.failing.add('CoreShowChannels');
    link.emit('connected');
    await settle();
    expect(service.stale).toBe(true);
    expect(service.calls()).toHaveLength(1);
  });

  it('still resyncs when an optional list action is refused', async () => {
    const link = new FakeLink();
    link.failing.add('PJSIPShowEndpoints');
    const service = new PbxService(link);
    link.emit('connected');
    await settle();
    expect(service.stale).toBe(false);
  });

  it('discards a resync whose connection closed before it finished', async () => {
    const link = new FakeLink();
    link.lists.set('CoreShowChannels', [event({ Event: 'CoreShowChannel', ...channel('900.1', 'PJSIP/1001-00000001', '6') })]);
    const service = new PbxService(link);
    link.hold();
    link.emit('connected');
    link.emit('status', down);
    link.release();
    await settle();
    expect(service.stale).toBe(true);
    expect(service.calls()).toEqual([]);
  });

  describe('queue figures after queue calls (queue-stats-after-calls capture)', () => {
    const capture = loadMessages('queue-stats-after-calls');
    const listOf = (actionId: string): AmiMessage[] =>
      capture.filter((m) => m.actionId === actionId && m.event !== undefined && m.get('EventList') !== 'Complete');
    const live = (from: number, to: number): AmiMessage[] => capture.slice(from, to).filter((m) => m.actionId === undefined);

    async function serviceAfterBaseline() {
      const link = new FakeLink();
      const timers = new ManualTimers();
      link.lists.set('QueueStatus', listOf('queue-stats-after-calls-2'));
      const service = new PbxService(link, { timers, queueRefreshDelayMs: 1_000, clock: { now: () => 1_000_000 } });
      link.emit('connected');
      await settle();
      return { link, timers, service };
    }

    it('reads QueueStatus for the queue once after a call completes and shows Asterisk’s new figures', async () => {
      const { link, timers, service } = await serviceAfterBaseline();
      expect(service.model.queue('support')).toMatchObject({ serviceLevel: 20, serviceLevelPerf: 0, holdTime: 0, talkTime: 0, completed: 0 });
      link.asked.length = 0;
      // Caller 1: answered by 1002 after 2 s, talks 3 s, hangs up (messages 12..195).
      for (const message of live(11, 195)) link.emit('event', message);
      expect(link.asked).toEqual([]);
      link.lists.set('QueueStatus', listOf('queue-stats-after-calls-4'));
      timers.advance(1_000);
      await settle();
      expect(link.asked).toEqual([{ Action: 'QueueStatus', Queue: 'support' }]);
      expect(service.model.queue('support')).toMatchObject({ serviceLevel: 20, serviceLevelPerf: 100, holdTime: 2, talkTime: 3, completed: 1 });
      expect(service.model.queue('support')?.members.find((m) => m.interface === 'PJSIP/1002')?.callsTaken).toBe(1);
    });

    it('an abandon refreshes too (abandoned count), and a burst of events asks once per queue', async () => {
      const { link, timers, service } = await serviceAfterBaseline();
      link.lists.set('QueueStatus', listOf('queue-stats-after-calls-6'));
      for (const message of live(11, 443)) link.emit('event', message);
      timers.advance(1_000);
      await settle();
      link.asked.length = 0;
      for (const message of live(451, 558)) link.emit('event', message);
      link.lists.set('QueueStatus', listOf('queue-stats-after-calls-8'));
      timers.advance(1_000);
      await settle();
      expect(link.asked).toEqual([{ Action: 'QueueStatus', Queue: 'support' }]);
      expect(service.model.queue('support')).toMatchObject({ serviceLevelPerf: 50, holdTime: 7, talkTime: 3, completed: 2, abandoned: 1 });
    });

    it('a refresh that fails is logged and changes nothing; a lost link cancels pending refreshes', async () => {
      const link = new FakeLink();
      const timers = new ManualTimers();
      const warnings: string[] = [];
      const service = new PbxService(link, { timers, logger: { warn: (_d, message) => warnings.push(message), error: (_d, message) => warnings.push(message) } });
      link.emit('connected');
      await settle();
      link.failing.add('QueueStatus');
      link.emit('event', event({ Event: 'QueueCallerAbandon', Queue: 'sales', Uniqueid: '1.1', Channel: 'PJSIP/x-1', Position: '1' }));
      timers.advance(1_000);
      await settle();
      expect(warnings).toEqual(['queue figures could not be refreshed']);
      link.asked.length = 0;
      link.emit('event', event({ Event: 'AgentComplete', Queue: 'sales', Interface: 'PJSIP/1001' }));
      link.emit('status', down);
      timers.advance(5_000);
      await settle();
      expect(link.asked).toEqual([]);
      expect(service.stale).toBe(true);
    });
  });

  describe('which application a lone answered channel runs (AMI Status)', () => {
    /** Production's AMI user does not read the dialplan class: no Newexten, no VarSet. */
    const withoutDialplan = (name: string, upTo: number): AmiMessage[] =>
      loadMessages(name).slice(0, upTo).filter((m) => m.actionId === undefined && !(m.get('Privilege') ?? '').startsWith('dialplan'));

    it('asks Status for a channel answered by the dialplan and shows its application as the other party', async () => {
      const link = new FakeLink();
      const timers = new ManualTimers();
      const service = new PbxService(link, { timers, applicationProbeDelayMs: 1_000 });
      link.emit('connected');
      await settle();
      link.asked.length = 0;
      for (const message of withoutDialplan('voicemail-application-party', 14)) link.emit('event', message);
      expect(service.calls()[0]?.parties.map((p) => p.number)).toEqual(['1002']);
      const shown = loadMessages('voicemail-application-party').find((m) => m.event === 'CoreShowChannel');
      link.lists.set('Status', [
        event({ Event: 'Status', Channel: 'PJSIP/1002-000000e1', ChannelState: '6', Uniqueid: '1796162823.245', Linkedid: '1796162823.245',
          CallerIDNum: '1002', Context: 'from-internal', Exten: '*97', BridgeID: '', Application: shown?.get('Application') ?? '', Data: shown?.get('ApplicationData') ?? '' }),
      ]);
      timers.advance(1_000);
      await settle();
      expect(link.asked).toEqual([{ Action: 'Status', Channel: 'PJSIP/1002-000000e1' }]);
      expect(service.calls()[0]?.parties.map((p) => p.number)).toEqual(['1002', 'Voicemail 1002']);
    });

    it('does not ask about ordinary two-party calls or queue callers', async () => {
      const link = new FakeLink();
      const timers = new ManualTimers();
      const service = new PbxService(link, { timers });
      link.emit('connected');
      await settle();
      link.asked.length = 0;
      for (const message of withoutDialplan('basic-answer-caller-hangup', 60)) link.emit('event', message);
      for (const message of withoutDialplan('list-actions-live', 78)) link.emit('event', message);
      timers.advance(5_000);
      await settle();
      expect(service.calls().length).toBeGreaterThan(0);
      expect(link.asked).toEqual([]);
    });
  });
});
