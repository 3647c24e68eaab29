import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { ModelChange, PbxStatus } from '@ondeck/shared';
import type { AmiClient, AmiConnection } from './ami';
import { AmiMessage } from './ami/codec';
import { loadMessages } from './model/captures.testing';
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

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
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
    const service = new PbxService(link, { now: () => 1_000_000 });
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
    const service = new PbxService(link, { now: () => now });
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
});
