import { afterEach, describe, expect, it } from 'vitest';
import { AmiTestClient } from './ami-test-client';
import { readCheckpoints, worldCheckpoint } from './testing/capture-checkpoints';
import type { CheckpointView } from './testing/capture-checkpoints';
import { loadMessages } from '../src/pbx/ami/testing/captures';
import { compareStreams, responseShapes } from './testing/capture-compare';
import { ManualClock } from './clock';
import { startSimulator } from './simulator';
import type { RunningSimulator } from './simulator';

/**
 * The action-driven captures, replayed over a real AMI connection: same actions with the
 * same ActionIDs, then the stream is compared lane by lane and the responses shape by shape.
 */
let sim: RunningSimulator | undefined;
let client: AmiTestClient | undefined;

afterEach(async () => {
  client?.close();
  await sim?.stop();
});

async function setup(): Promise<{ sim: RunningSimulator; client: AmiTestClient; clock: ManualClock }> {
  const clock = new ManualClock();
  sim = await startSimulator({ clock });
  client = await AmiTestClient.connect(sim.port);
  await client.action({ Action: 'Login', ActionID: 'cap-login', Username: 'panel', Secret: 'panelsecret', Events: 'on' });
  return { sim, client, clock };
}

let flushes = 0;
/** Everything the server wrote before the Ping reply has arrived once the reply is here. */
async function settle(c: AmiTestClient): Promise<void> {
  await c.action({ Action: 'Ping', ActionID: `flush-${flushes++}` });
}

function withoutFlushes(c: AmiTestClient): typeof c.messages {
  return c.messages.filter((m) => !(m.actionId ?? '').startsWith('flush-'));
}

/** Takes the world's view where the capture took its checkpoints. */
function checkpoints(name: string, s: RunningSimulator): { take(): void; seen: CheckpointView[]; expected: CheckpointView[] } {
  const expected = readCheckpoints(name);
  const seen: CheckpointView[] = [];
  return {
    expected,
    seen,
    take() {
      const like = expected[seen.length];
      if (like) seen.push(worldCheckpoint(s.world, like));
    },
  };
}

function verify(name: string, c: AmiTestClient): void {
  const expected = loadMessages(name);
  const actual = withoutFlushes(c);
  expect(compareStreams(expected, actual)).toEqual([]);
  const ours = (id: string): boolean => id.startsWith(name);
  expect(responseShapes(actual, ours)).toEqual(responseShapes(expected, ours));
}

describe('action-driven captures', () => {
  it('chanspy-modes: Originate ChanSpy in listen, whisper and barge', async () => {
    const { sim, client: c, clock } = await setup();
    const cp = checkpoints('chanspy-modes', sim);
    const call = sim.scenarios.call('1001', '1002');
    cp.take();
    call.answer();
    cp.take();
    for (const [i, options] of ['qEu', 'qEuw', 'qEuB'].entries()) {
      await c.action({ Action: 'Originate', Channel: 'PJSIP/1003', Application: 'ChanSpy', Data: `${call.caller.name},${options}`, Async: 'true', ActionID: `chanspy-modes-${i + 1}` });
      clock.advance(1500);
      cp.take();
      const spyer = sim.world.channelsOf('PJSIP/1003')[0];
      expect(spyer?.state).toBe(6);
      if (spyer) sim.scenarios.hangupChannel(spyer.name);
      cp.take();
      await settle(c);
    }
    call.hangup('caller');
    cp.take();
    await settle(c);
    verify('chanspy-modes', c);
    expect(cp.seen).toEqual(cp.expected);
  });

  it('click-to-dial: async Originate to a dialplan target, then to a missing endpoint async and sync', async () => {
    const { sim, client: c, clock } = await setup();
    const cp = checkpoints('click-to-dial', sim);
    await c.action({ Action: 'Originate', Channel: 'PJSIP/1001', Context: 'from-internal', Exten: '1002', CallerID: '"Click" <1001>', Async: 'true', ActionID: 'click-to-dial-1' });
    cp.take();
    clock.advance(1000);
    cp.take();
    clock.advance(1000);
    cp.take();
    const callee = sim.world.channelsOf('PJSIP/1002')[0];
    expect(callee?.state).toBe(6);
    if (callee) sim.scenarios.hangupChannel(callee.name);
    cp.take();
    await settle(c);
    await c.action({ Action: 'Originate', Channel: 'PJSIP/9999', Context: 'from-internal', Exten: '1002', CallerID: '"Click" <9999>', Async: 'true', ActionID: 'click-to-dial-2' });
    const sync = await c.action({ Action: 'Originate', Channel: 'PJSIP/9999', Context: 'from-internal', Exten: '1002', CallerID: '"Click" <9999>', ActionID: 'click-to-dial-3' });
    expect(sync.get('Message')).toBe('Originate failed');
    cp.take();
    await settle(c);
    verify('click-to-dial', c);
    expect(cp.seen).toEqual(cp.expected);
  });

  it('mixmonitor: start, stop, and a second stop is an error', async () => {
    const { sim, client: c } = await setup();
    const cp = checkpoints('mixmonitor', sim);
    const call = sim.scenarios.call('1001', '1002');
    cp.take();
    call.answer();
    cp.take();
    await c.action({ Action: 'MixMonitor', Channel: call.caller.name, File: 'amitrace-mixmonitor-test.wav', ActionID: 'mixmonitor-1' });
    cp.take();
    await c.action({ Action: 'StopMixMonitor', Channel: call.caller.name, ActionID: 'mixmonitor-2' });
    const again = await c.action({ Action: 'StopMixMonitor', Channel: call.caller.name, ActionID: 'mixmonitor-3' });
    expect(again.get('Message')).toBe('Could not stop monitoring channel');
    cp.take();
    call.hangup('caller');
    cp.take();
    await settle(c);
    verify('mixmonitor', c);
    expect(cp.seen).toEqual(cp.expected);
  });

  it('astdb: DBPut, DBGet framing, DBGetTree, DBDel and the missing-key errors', async () => {
    const { sim, client: c } = await setup();
    const cp = checkpoints('astdb', sim);
    await c.action({ Action: 'DBPut', Family: 'ONCALL', Key: '1', Val: '1002', ActionID: 'astdb-1' });
    const got = await c.list({ Action: 'DBGet', Family: 'ONCALL', Key: '1', ActionID: 'astdb-2' }, 'DBGetComplete');
    expect(got[0]?.get('Val')).toBe('1002');
    await c.list({ Action: 'DBGetTree', Family: 'ONCALL', ActionID: 'astdb-3' }, 'DBGetTreeComplete');
    await c.action({ Action: 'DBDel', Family: 'ONCALL', Key: '1', ActionID: 'astdb-4' });
    await c.action({ Action: 'DBGet', Family: 'ONCALL', Key: '1', ActionID: 'astdb-5' });
    await c.action({ Action: 'DBDel', Family: 'ONCALL', Key: '1', ActionID: 'astdb-6' });
    cp.take();
    await settle(c);
    verify('astdb', c);
    expect(cp.seen).toEqual(cp.expected);
  });

  it('queue-member-ops: QueueAdd of a Local member, pause, unpause, a call answered through it, remove, errors', async () => {
    const { sim, client: c, clock } = await setup();
    const cp = checkpoints('queue-member-ops', sim);
    const member = { Queue: 'support', Interface: 'Local/1003@from-queue/n' };
    await c.action({ Action: 'QueueAdd', ...member, MemberName: 'Agent 1003 (Local)', StateInterface: 'PJSIP/1003', Penalty: '0', Paused: 'false', ActionID: 'queue-member-ops-1' });
    cp.take();
    await c.action({ Action: 'QueuePause', ...member, Paused: 'true', Reason: 'Lunch', ActionID: 'queue-member-ops-2' });
    cp.take();
    await c.action({ Action: 'QueuePause', ...member, Paused: 'false', ActionID: 'queue-member-ops-3' });
    cp.take();
    const call = sim.scenarios.queueCall('1001', 'support');
    clock.advance(1300);
    cp.take();
    call.answer('1003');
    cp.take();
    clock.advance(3000);
    call.hangup('agent');
    cp.take();
    await c.action({ Action: 'QueueRemove', ...member, ActionID: 'queue-member-ops-4' });
    cp.take();
    await c.action({ Action: 'QueueRemove', ...member, ActionID: 'queue-member-ops-5' });
    await c.action({ Action: 'QueuePause', Queue: 'support', Interface: 'PJSIP/9999', Paused: 'true', ActionID: 'queue-member-ops-6' });
    await settle(c);
    verify('queue-member-ops', c);
    expect(cp.seen).toEqual(cp.expected);
  });

  it('attended-transfer: AMI Atxfer, the target answers, the transferer hangs up to complete', async () => {
    const { sim, client: c, clock } = await setup();
    const cp = checkpoints('attended-transfer', sim);
    const call = sim.scenarios.call('1001', '1002');
    clock.advance(1300);
    cp.take();
    call.answer();
    cp.take();
    const response = await c.action({ Action: 'Atxfer', Channel: call.callee.name, Exten: '1003', Context: 'from-internal', ActionID: 'attended-transfer-1' });
    expect(response.get('Message')).toBe('Atxfer successfully queued');
    cp.take();
    clock.advance(1500);
    cp.take();
    sim.scenarios.hangupChannel(call.callee.name);
    cp.take();
    const joined = sim.world.channelsOf('PJSIP/1003')[0];
    expect(joined?.bridgeId).toBe(call.caller.bridgeId);
    clock.advance(3000);
    sim.scenarios.hangupChannel(call.caller.name);
    cp.take();
    await settle(c);
    verify('attended-transfer', c);
    expect(cp.seen).toEqual(cp.expected);
  });

  it('list-actions-live: every list action during a live call with a queue caller waiting', async () => {
    const { sim, client: c } = await setup();
    const cp = checkpoints('list-actions-live', sim);
    const call = sim.scenarios.call('1001', '1002');
    cp.take();
    call.answer();
    const waiting = sim.scenarios.queueCall('1003', 'support');
    cp.take();
    const lists: Array<[string, string]> = [
      ['CoreShowChannels', 'CoreShowChannelsComplete'],
      ['QueueStatus', 'QueueStatusComplete'],
      ['QueueSummary', 'QueueSummaryComplete'],
      ['DeviceStateList', 'DeviceStateListComplete'],
      ['ExtensionStateList', 'ExtensionStateListComplete'],
      ['PJSIPShowEndpoints', 'EndpointListComplete'],
    ];
    for (const [i, [action, complete]] of lists.entries()) await c.list({ Action: action, ActionID: `list-actions-live-${i + 1}` }, complete);
    await c.action({ Action: 'Ping', ActionID: 'list-actions-live-7' });
    await c.action({ Action: 'Bogus', ActionID: 'list-actions-live-8' });
    await c.list({ Action: 'QueueStatus', Queue: 'support', ActionID: 'list-actions-live-9' }, 'QueueStatusComplete');
    await c.action({ Action: 'CoreStatus', ActionID: 'list-actions-live-10' });
    cp.take();
    waiting.abandon();
    call.hangup('caller');
    cp.take();
    await settle(c);
    const ours = (id: string): boolean => id.startsWith('list-actions-live');
    expect(responseShapes(withoutFlushes(c), ours)).toEqual(responseShapes(loadMessages('list-actions-live'), ours));
    expect(cp.seen).toEqual(cp.expected);
  });
});
