import { describe, expect, it } from 'vitest';
import type { ModelChange } from '@ondeck/shared';
import { AmiMessage } from '../ami/codec';
import { loadMessages } from '../ami/testing/captures';
import { idleBaseline } from './testing/captures';
import { PbxModel } from './pbx-model';

const msg = (fields: Record<string, string>): AmiMessage => AmiMessage.from(fields);

function snapshotFields(uniqueid: string, name: string, state: string, extra: Record<string, string> = {}): Record<string, string> {
  return { Channel: name, ChannelState: state, Uniqueid: uniqueid, Linkedid: '1795000000.1', ...extra };
}

function replay(name: string, upTo: number): PbxModel {
  const model = new PbxModel({ clock: { now: () => 5_000 } });
  model.resync(idleBaseline());
  const messages = loadMessages(name);
  for (let i = 0; i < upTo; i++) model.apply(messages[i]!);
  return model;
}

describe('PbxModel calls', () => {
  it('calls an unknown endpoint in a trunk context a trunk: inbound call', () => {
    const model = new PbxModel();
    model.apply(msg({ Event: 'Newchannel', ...snapshotFields('1795000000.1', 'PJSIP/provider-00000001', '4', {
      Context: 'from-pstn', CallerIDNum: '+4930123456', CallerIDName: 'Outside' }) }));
    model.apply(msg({ Event: 'DialBegin', ...snapshotFields('1795000000.1', 'PJSIP/provider-00000001', '4'),
      DestChannel: 'PJSIP/1001-00000002', DestChannelState: '0', DestUniqueid: '1795000000.2', DestLinkedid: '1795000000.1',
      DestContext: 'from-internal', DestCallerIDNum: '1001' }));
    const [call] = model.calls();
    expect(call?.direction).toBe('inbound');
    expect(call?.relations).toEqual([{ a: '+4930123456', b: '1001', state: 'ringing' }]);
    expect(call?.parties.map((p) => [p.number, p.external])).toEqual([['+4930123456', true], ['1001', false]]);
    expect(call?.extensions).toEqual(['1001']);
    expect(call?.startedAt).toBe(1795000000_000);
  });

  it('calls a dial from an extension to a trunk outbound', () => {
    const model = new PbxModel();
    model.apply(msg({ Event: 'Newchannel', ...snapshotFields('1795000000.1', 'PJSIP/1001-00000001', '4', { Context: 'from-internal', CallerIDNum: '1001' }) }));
    model.apply(msg({ Event: 'DialBegin', ...snapshotFields('1795000000.1', 'PJSIP/1001-00000001', '4'),
      DestChannel: 'PJSIP/provider-00000002', DestUniqueid: '1795000000.2', DestLinkedid: '1795000000.1',
      DestContext: 'from-trunk', DestCallerIDNum: '0301234' }));
    expect(model.calls()[0]?.direction).toBe('outbound');
  });

  it('shows who hears music on hold, and the call as on hold', () => {
    const model = replay('hold-unhold', 69);
    const [call] = model.calls();
    expect(call?.state).toBe('on_hold');
    expect(call?.relations).toEqual([{ a: '1001', b: '1002', state: 'on_hold', heldParty: '1002' }]);
    expect(model.extension('1002')?.deviceState).toBe('ONHOLD');
  });

  it('marks an attended transfer in progress as transferring and merges it on completion', () => {
    expect(replay('attended-transfer', 125).calls()[0]?.state).toBe('transferring');
    const done = replay('attended-transfer', 230).calls();
    expect(done.map((call) => [call.state, call.relations])).toEqual([['up', [{ a: '1001', b: '1003', state: 'up' }]]]);
  });

  it('records answer time at the first two-party bridge and start time from the Uniqueid', () => {
    const ringing = replay('basic-answer-caller-hangup', 39).calls()[0];
    expect(ringing?.answeredAt).toBeUndefined();
    const talking = replay('basic-answer-caller-hangup', 57).calls()[0];
    expect(talking?.answeredAt).toBe(5_000);
    expect(talking?.startedAt).toBe(Number(talking?.id.split('.')[0]) * 1000);
  });

  it('takes the answer time from the dialled channel going Up, not from a dialplan Answer()', () => {
    let now = 1_000;
    const model = new PbxModel({ clock: { now: () => now } });
    const caller = snapshotFields('1795000000.1', 'PJSIP/1001-00000001', '6', { Context: 'from-internal' });
    model.apply(msg({ Event: 'Newstate', ...caller }));
    expect(model.calls()[0]?.answeredAt).toBeUndefined();
    model.apply(msg({ Event: 'DialBegin', ...caller, DestChannel: 'PJSIP/1002-00000002', DestChannelState: '5',
      DestUniqueid: '1795000000.2', DestLinkedid: '1795000000.1', DestContext: 'from-internal' }));
    now = 4_000;
    model.apply(msg({ Event: 'Newstate', ...snapshotFields('1795000000.2', 'PJSIP/1002-00000002', '6', { Context: 'from-internal' }) }));
    expect(model.calls()[0]?.answeredAt).toBe(4_000);
  });

  it('reports spying with the mode taken from the ChanSpy options', () => {
    const modes = ([[78, 'listen'], [120, 'whisper'], [170, 'barge']] as const).map(([at, mode]) => {
      const spied = replay('chanspy-modes', at).calls().find((call) => call.spiedBy.length > 0);
      return [spied?.spiedBy[0]?.mode, spied?.spiedBy[0]?.spy, spied?.spiedBy[0]?.target, mode];
    });
    for (const [got, spy, target, want] of modes) expect([got, spy, target]).toEqual([want, '1003', '1001']);
    expect(replay('chanspy-modes', 99).calls().every((call) => call.spiedBy.length === 0)).toBe(true);
  });

  it('names the queue of a queue call, waiting and after answer', () => {
    expect(replay('queue-answered', 49).calls()[0]).toMatchObject({ state: 'in_queue', queue: 'support' });
    expect(replay('queue-answered', 129).calls()[0]).toMatchObject({ state: 'up', queue: 'support' });
  });
});

describe('PbxModel application parties', () => {
  it('a call blind-transferred to voicemail shows the mailbox as the other party (blind-transfer capture, target changed to *1003)', () => {
    const model = replay('blind-transfer', 83);
    const dialling = loadMessages('blind-transfer')[83]!;
    const fields = Object.fromEntries(dialling.lines.filter(([key]) => key !== 'Exten' && key !== 'Extension' && key !== 'Application' && key !== 'AppData'));
    model.apply(msg({ ...fields, Exten: '*1003', Extension: '*1003', Application: 'VoiceMail', AppData: '1003@default,u' }));
    const call = model.calls().find((c) => c.extensions.includes('1001'));
    expect(call?.relations).toEqual([{ a: '1001', state: 'up', application: { kind: 'voicemail', app: 'VoiceMail', label: 'Voicemail 1003' } }]);
    expect(call?.parties.map((p) => p.number)).toEqual(['1001', 'Voicemail 1003']);
    expect(call?.parties[1]).toMatchObject({ channel: '', external: false, application: { kind: 'voicemail' } });
  });

  it('names IVRs, playback, echo, parking and conferences, and nothing for Dial, Queue or a plain Answer', () => {
    const labelOf = (application: string, appData: string, context = 'from-internal'): string | undefined => {
      const model = new PbxModel();
      model.apply(msg({ Event: 'Newchannel', ...snapshotFields('1795000000.1', 'PJSIP/1001-00000001', '4', { Context: context, CallerIDNum: '1001' }) }));
      model.apply(msg({ Event: 'Newstate', ...snapshotFields('1795000000.1', 'PJSIP/1001-00000001', '6', { Context: context }) }));
      model.apply(msg({ Event: 'Newexten', ...snapshotFields('1795000000.1', 'PJSIP/1001-00000001', '6', { Context: context }), Application: application, AppData: appData }));
      return model.calls()[0]?.relations[0]?.application?.label;
    };
    expect(labelOf('Background', 'custom/welcome', 'ivr-3')).toBe('IVR');
    expect(labelOf('Playback', 'custom/welcome', 'ivr-3')).toBe('IVR');
    expect(labelOf('Playback', 'demo-congrats')).toBe('Playback');
    expect(labelOf('Echo', '')).toBe('Echo test');
    expect(labelOf('ConfBridge', '800,default_bridge')).toBe('Conference 800');
    expect(labelOf('MeetMe', '801')).toBe('Conference 801');
    expect(labelOf('Park', 'default')).toBe('Parking');
    expect(labelOf('VoiceMailMain', '')).toBe('Voicemail');
    for (const plain of ['Dial', 'Queue', 'Answer', 'AGI', 'ChanSpy']) expect(labelOf(plain, 'x'), plain).toBeUndefined();
  });

  it('drops the application party when the channel moves on to another dialplan step', () => {
    const model = replay('voicemail-application-party', 17);
    expect(model.calls()[0]?.parties.map((p) => p.number)).toEqual(['1002', 'Voicemail 1002']);
    model.apply(msg({ Event: 'Newexten', ...snapshotFields('1796162823.245', 'PJSIP/1002-000000e1', '6', { Linkedid: '1796162823.245', Context: 'from-internal', Exten: '*97' }), Application: 'Hangup', AppData: '' }));
    expect(model.calls()[0]?.parties.map((p) => p.number)).toEqual(['1002']);
    expect(model.calls()[0]?.relations).toEqual([{ a: '1002', state: 'up' }]);
  });
});

describe('PbxModel extensions', () => {
  it('tracks DND from the FreePBX Custom:DND device state', () => {
    const model = new PbxModel();
    model.apply(msg({ Event: 'DeviceStateChange', Device: 'Custom:DND1001', State: 'BUSY' }));
    expect(model.extension('1001')?.dnd).toBe(true);
    model.apply(msg({ Event: 'DeviceStateChange', Device: 'Custom:DND1001', State: 'NOT_INUSE' }));
    expect(model.extension('1001')?.dnd).toBe(false);
  });

  it('reads DND from a FreePBX hint that includes Custom:DND, keeping the phone state', () => {
    const model = new PbxModel();
    model.apply(msg({ Event: 'DeviceStateChange', Device: 'PJSIP/1001', State: 'NOT_INUSE' }));
    model.apply(msg({ Event: 'ExtensionStatus', Exten: '1001', Context: 'ext-local', Hint: 'PJSIP/1001&Custom:DND1001', Status: '2' }));
    expect(model.extension('1001')).toMatchObject({ dnd: true, deviceState: 'NOT_INUSE' });
    model.apply(msg({ Event: 'ExtensionStatus', Exten: '1001', Context: 'ext-local', Hint: 'PJSIP/1001&Custom:DND1001', Status: '1' }));
    expect(model.extension('1001')).toMatchObject({ dnd: false, deviceState: 'INUSE' });
  });

  it('keeps registration contacts with round-trip times and drops removed ones', () => {
    const model = new PbxModel();
    const contact = (status: string, usec: string): AmiMessage =>
      msg({ Event: 'ContactStatus', URI: 'sip:1003@10.0.0.3:5060', ContactStatus: status, AOR: '1003', EndpointName: '1003', RoundtripUsec: usec });
    model.apply(contact('Reachable', '1523'));
    expect(model.extension('1003')?.registration).toEqual({
      contacts: [{ uri: 'sip:1003@10.0.0.3:5060', status: 'reachable', rttMs: 1.5 }], reachable: true, rttMs: 1.5,
    });
    model.apply(contact('Unreachable', '0'));
    expect(model.extension('1003')?.registration.reachable).toBe(false);
    model.apply(contact('Removed', '0'));
    expect(model.extension('1003')?.registration.contacts).toEqual([]);
  });

  it('prefers injected names and survives a failing name source', () => {
    const named = new PbxModel({ nameSource: (n) => (n === '1001' ? 'Alice' : undefined) });
    named.resync(idleBaseline());
    expect(named.extension('1001')?.name).toBe('Alice');
    expect(named.extension('1002')?.name).toBeUndefined();
    const messages = loadMessages('basic-answer-caller-hangup');
    for (const message of messages.slice(0, 57)) named.apply(message);
    expect(named.calls()[0]?.parties.map((p) => p.name)).toEqual(['Alice', 'Ext 1002']);
    const broken = new PbxModel({ nameSource: () => { throw new Error('db down'); } });
    expect(() => broken.resync(idleBaseline())).not.toThrow();
    expect(broken.extension('1001')?.name).toBeUndefined();
  });

  it('learns names from the phone\'s own caller id and lists its calls', () => {
    const model = replay('basic-answer-caller-hangup', 57);
    expect(model.extension('1002')).toMatchObject({ name: 'Ext 1002', deviceState: 'INUSE', callIds: [model.calls()[0]?.id] });
    expect(model.extension('1003')?.callIds).toEqual([]);
  });

  it('never takes an originated leg\'s caller ID as the extension\'s name', () => {
    const model = replay('basic-answer-caller-hangup', 57);
    // OnDeck's own spy call: Originate PJSIP/1003 with CallerID "Whisper (OnDeck)" <1003>.
    model.apply(msg({ Event: 'Newchannel', ...snapshotFields('1795000100.1', 'PJSIP/1003-00000050', '0', {
      Linkedid: '1795000100.1', Context: 'from-internal', Exten: 's', CallerIDNum: '1003', CallerIDName: 'Ext 1003' }) }));
    model.apply(msg({ Event: 'NewCallerid', ...snapshotFields('1795000100.1', 'PJSIP/1003-00000050', '0', {
      Linkedid: '1795000100.1', CallerIDNum: '1003', CallerIDName: 'Whisper (OnDeck)' }) }));
    model.apply(msg({ Event: 'Newstate', ...snapshotFields('1795000100.1', 'PJSIP/1003-00000050', '6', {
      Linkedid: '1795000100.1', CallerIDNum: '1003', CallerIDName: 'Whisper (OnDeck)' }) }));
    expect(model.extension('1003')?.name).not.toBe('Whisper (OnDeck)');
    // The phone's own calls still teach its name.
    model.apply(msg({ Event: 'Newchannel', ...snapshotFields('1795000200.1', 'PJSIP/1003-00000051', '4', {
      Linkedid: '1795000200.1', Context: 'from-internal', Exten: '1001', CallerIDNum: '1003', CallerIDName: 'Casey' }) }));
    expect(model.extension('1003')?.name).toBe('Casey');
  });
});

describe('PbxModel queues', () => {
  it('moves callers up when one leaves and counts abandons', () => {
    const model = new PbxModel({ clock: { now: () => 1_000 } });
    for (const [uid, pos] of [['1.1', '1'], ['1.2', '2'], ['1.3', '3']] as const) {
      model.apply(msg({ Event: 'QueueCallerJoin', Queue: 'sales', Position: pos, Channel: `PJSIP/x-${pos}`, Uniqueid: uid, Linkedid: uid }));
    }
    model.apply(msg({ Event: 'QueueCallerAbandon', Queue: 'sales', Position: '1', Uniqueid: '1.1', Channel: 'PJSIP/x-1', Linkedid: '1.1' }));
    const queue = model.queue('sales');
    expect(queue?.callers.map((c) => [c.uniqueid, c.position])).toEqual([['1.2', 1], ['1.3', 2]]);
    expect(queue).toMatchObject({ waiting: 2, abandoned: 1 });
  });

  it('counts the member’s call at AgentComplete, then takes Asterisk’s CallsTaken as it comes', () => {
    const callsOf1002 = (upTo: number) => replay('queue-stats-after-calls', upTo).queue('support')?.members.find((m) => m.interface === 'PJSIP/1002');
    expect(callsOf1002(146)).toMatchObject({ callsTaken: 0, inCall: true });
    // Message 147 is AgentComplete; the member's QueueMemberStatus with CallsTaken 1 only comes at 190.
    expect(callsOf1002(147)).toMatchObject({ callsTaken: 1, inCall: false, lastCall: 5_000 });
    expect(callsOf1002(190)).toMatchObject({ callsTaken: 1, lastCall: 1796162776_000 });
    expect(callsOf1002(441)?.callsTaken).toBe(2);
  });

  it('follows pause with reason and member removal', () => {
    const model = replay('queue-member-ops', 8);
    const member = model.queue('support')?.members.find((m) => m.interface === 'Local/1003@from-queue/n');
    expect(member).toMatchObject({ paused: true, pausedReason: 'Lunch', extension: '1003', membership: 'dynamic' });
    const removed = replay('queue-member-ops', 256).queue('support')?.members.map((m) => m.interface);
    expect(removed).toEqual(['PJSIP/1001', 'PJSIP/1002']);
  });
});

describe('PbxModel changes and bad input', () => {
  it('emits added, updated and removed for a call, and nothing for noise', () => {
    const model = new PbxModel();
    const changes: ModelChange[] = [];
    model.subscribe((change) => changes.push(change));
    const fields = snapshotFields('1795000000.1', 'PJSIP/1001-00000001', '4', { Context: 'from-internal' });
    model.apply(msg({ Event: 'Newchannel', ...fields }));
    model.apply(msg({ Event: 'VarSet', ...fields, Variable: 'X', Value: 'y' }));
    model.apply(msg({ Event: 'Newstate', ...fields }));
    model.apply(msg({ Event: 'Newstate', ...fields, ChannelState: '6' }));
    model.apply(msg({ Event: 'Hangup', ...fields }));
    expect(changes.filter((c) => c.kind === 'call').map((c) => c.op)).toEqual(['added', 'updated', 'removed']);
  });

  it('ignores events without the ids it needs and unknown values', () => {
    const model = new PbxModel();
    const changes: ModelChange[] = [];
    model.subscribe((change) => changes.push(change));
    model.apply(msg({ Event: 'Newchannel', Channel: 'PJSIP/1001-1' }));
    model.apply(msg({ Event: 'Newchannel', Uniqueid: 'bad id with spaces', Channel: 'PJSIP/1001-1' }));
    model.apply(msg({ Event: 'DeviceStateChange', Device: 'PJSIP/1001', State: 'EXPLODED' }));
    model.apply(msg({ Event: 'ExtensionStatus', Exten: '1001', Hint: 'PJSIP/1001', Status: 'lots' }));
    model.apply(msg({ Event: 'BridgeEnter', BridgeUniqueid: 'b1' }));
    model.apply(msg({ Event: 'QueueCallerLeave', Queue: 'nope', Uniqueid: '1.1' }));
    model.apply(msg({ Response: 'Success' }));
    expect(model.calls()).toEqual([]);
    expect(model.extensions()).toEqual([]);
    expect(changes.filter((c) => c.kind !== 'queue')).toEqual([]);
  });

  it('a throwing listener does not break the model or other listeners, and is logged by name with the change', () => {
    const logged: Array<{ details: object; message: string }> = [];
    const model = new PbxModel({ logger: { error: (details, message) => logged.push({ details, message }) } });
    const seen: string[] = [];
    model.subscribe(function socketFanOut() { throw new Error('listener bug'); });
    model.subscribe((change) => seen.push(change.kind));
    model.apply(msg({ Event: 'DeviceStateChange', Device: 'PJSIP/1001', State: 'INUSE' }));
    expect(seen).toEqual(['extension']);
    expect(logged).toHaveLength(1);
    expect(logged[0]?.message).toMatch(/listener threw/);
    expect(logged[0]?.details).toMatchObject({ listener: 'socketFanOut', change: { kind: 'extension', op: 'added', id: '1001' } });
    expect((logged[0]?.details as { err?: Error }).err?.message).toBe('listener bug');
  });

  it('is stale until told otherwise and announces the flip once', () => {
    const model = new PbxModel();
    const changes: ModelChange[] = [];
    model.subscribe((change) => changes.push(change));
    expect(model.stale).toBe(true);
    model.setStale(false);
    model.setStale(false);
    expect(changes).toEqual([{ kind: 'status', op: 'updated', id: 'pbx', value: { stale: false } }]);
    expect(model.snapshot().stale).toBe(false);
  });

  it('rebuilds a ringing dial and a spy from CoreShowChannel alone', () => {
    const model = new PbxModel();
    const show = (uid: string, name: string, state: string, app: string, data: string, linkedid = '1795000000.1'): AmiMessage =>
      msg({ Event: 'CoreShowChannel', ...snapshotFields(uid, name, state, { Linkedid: linkedid, Context: 'from-internal',
        CallerIDNum: name.slice(6, 10) }), Application: app, ApplicationData: data, BridgeId: '' });
    model.resync([
      show('1795000000.1', 'PJSIP/1001-00000001', '4', 'Dial', 'PJSIP/1002,30'),
      show('1795000000.2', 'PJSIP/1002-00000002', '5', 'AppDial', '(Outgoing Line)'),
      show('1795000001.3', 'PJSIP/1003-00000003', '6', 'ChanSpy', 'PJSIP/1001-00000001,qEw', '1795000001.3'),
    ]);
    const ringing = model.call('1795000000.1');
    expect(ringing?.relations).toEqual([{ a: '1001', b: '1002', state: 'ringing' }]);
    expect(ringing?.spiedBy).toMatchObject([{ spy: '1003', target: '1001', mode: 'whisper', options: 'qEw' }]);
  });
});
