/**
 * The simulator's CDR rows against the `Cdr` events Asterisk 22 wrote in the captures
 * (cdr_manager was on): per capture the same scenario is driven at a ManualClock and every
 * row the call log reads must agree, field by field. Random parts are compared as shapes:
 * channel names lose their 8-hex suffix, uniqueid must be the uniqueid of the row's own
 * channel and linkedid that of the call's first channel (named by its shape); calldate is
 * compared as whole seconds after the scenario's first record.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cdrRowFromEvent, linkedIdsFromEvents } from '../src/history/cdr-event';
import type { CdrRow } from '../src/history/cdr-row';
import type { AmiMessage } from '../src/pbx/ami/codec';
import { captureNames, loadMessages } from '../src/pbx/ami/testing/captures';
import { AmiTestClient } from './ami-test-client';
import { ManualClock } from './clock';
import type { SimulatorScenarios } from './scenarios';
import { createWorld, startSimulator } from './simulator';
import type { RunningSimulator } from './simulator';
import { agiTranscript, scriptedAgiServer } from './testing/agi-test-server';
import { simEventToMessage } from './testing/capture-compare';
import { staticMember } from './world';
import type { World } from './world';

/**
 * A whole second; each scenario may start some milliseconds after it, where the capture's call
 * started within its second, so the cut seconds of calldate, duration and billsec line up.
 */
const START = Date.UTC(2026, 10, 21, 15, 0, 0);

interface RowShape {
  at: number;
  clid: string;
  src: string;
  dst: string;
  dcontext: string;
  channel: string;
  dstchannel: string;
  lastapp: string;
  lastdata: string;
  duration: number;
  billsec: number;
  disposition: string;
  uniqueid: string;
  linkedid: string;
  did: string;
  recordingfile: string;
  cnum: string;
  cnam: string;
}

const shapeOf = (text: string): string => text.replace(/-[0-9a-f]{8}(?=;[12]|,|$)/g, '-<id>');

/** Channel name -> uniqueid, from the channel events of the same stream. */
function uniqueidsByChannel(messages: readonly AmiMessage[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const message of messages) {
    const channel = message.get('Channel');
    const uniqueid = message.get('Uniqueid');
    if (channel && uniqueid && !map.has(channel)) map.set(channel, uniqueid);
  }
  return map;
}

/** Rows in a comparable form, ordered by start, then channels (Asterisk's dispatch order is not fixed). */
function shapes(rows: readonly CdrRow[], events: readonly AmiMessage[]): RowShape[] {
  const uniqueids = uniqueidsByChannel(events);
  const channelOf = new Map([...uniqueids].map(([channel, uniqueid]) => [uniqueid, channel]));
  const first = Math.min(...rows.map((row) => Math.floor(row.calldate.getTime() / 1000)));
  return rows
    .map((row) => ({
      at: Math.floor(row.calldate.getTime() / 1000) - first,
      clid: row.clid,
      src: row.src,
      dst: row.dst,
      dcontext: row.dcontext,
      channel: shapeOf(row.channel),
      dstchannel: shapeOf(row.dstchannel),
      lastapp: row.lastapp,
      lastdata: shapeOf(row.lastdata),
      duration: row.duration,
      billsec: row.billsec,
      disposition: row.disposition,
      uniqueid: uniqueids.get(row.channel) === row.uniqueid ? 'uniqueid of channel' : `other: ${row.uniqueid}`,
      linkedid: `uniqueid of ${shapeOf(channelOf.get(row.linkedid) ?? `unknown ${row.linkedid}`)}`,
      did: row.did,
      recordingfile: row.recordingfile,
      cnum: row.cnum,
      cnam: row.cnam,
    }))
    .sort((a, b) => a.at - b.at || a.channel.localeCompare(b.channel) || a.dstchannel.localeCompare(b.dstchannel) || a.duration - b.duration);
}

/** The capture's own rows; `keep` leaves out what the simulator does not model (named per capture). */
function capturedShapes(name: string, keep: (row: CdrRow) => boolean = () => true): RowShape[] {
  const messages = loadMessages(name);
  const linkedIds = linkedIdsFromEvents(messages);
  const rows = messages.filter((m) => m.event === 'Cdr').map((m) => cdrRowFromEvent(m, linkedIds));
  return shapes(rows.filter(keep), messages);
}

interface Recording {
  rows: CdrRow[];
  events: AmiMessage[];
}

function record(world: World): Recording {
  const recording: Recording = { rows: [], events: [] };
  world.cdrListeners.add((row) => recording.rows.push(row));
  world.onEvent((event) => recording.events.push(simEventToMessage(event)));
  return recording;
}

type Driver = (s: SimulatorScenarios, clock: ManualClock, world: World) => void;

function simulatedShapes(drive: Driver, startOffsetMs = 0): RowShape[] {
  const clock = new ManualClock(START + startOffsetMs);
  const { world, scenarios } = createWorld({ clock });
  const recording = record(world);
  drive(scenarios, clock, world);
  return shapes(recording.rows, recording.events);
}

/** A talk of `ringMs` then `talkMs` between 1001 and 1002, hung up by `side`. */
function answeredCall(ringMs: number, talkMs: number, side: 'caller' | 'callee' = 'caller'): Driver {
  return (s, clock) => {
    const call = s.call('1001', '1002');
    clock.advance(ringMs);
    call.answer();
    clock.advance(talkMs);
    call.hangup(side);
  };
}

/** Timings are the capture's (its .md and the Cdr times), chosen so the cut seconds agree. */
const SCENARIOS: Record<string, { drive: Driver; startOffsetMs?: number; keep?: (row: CdrRow) => boolean }> = {
  'basic-answer-caller-hangup': { drive: answeredCall(1600, 4200), startOffsetMs: 500 },
  'basic-answer-callee-hangup': { drive: answeredCall(1300, 4200, 'callee') },
  'no-answer': { drive: (s, clock) => { s.call('1001', '1002'); clock.advance(8500); } },
  busy: { drive: (s, clock) => { const call = s.call('1001', '1002'); clock.advance(1200); call.busy(); } },
  'caller-cancel': { drive: (s, clock) => { const call = s.call('1001', '1002'); clock.advance(2500); call.cancel(); }, startOffsetMs: 800 },
  'hold-unhold': {
    drive: (s, clock) => {
      const call = s.call('1001', '1002');
      clock.advance(1000);
      call.answer();
      call.hold('caller');
      clock.advance(5000);
      call.unhold('caller');
      clock.advance(5500);
      call.hangup('caller');
    },
  },
  mixmonitor: { drive: answeredCall(1000, 5500) },
  rtcp: { drive: answeredCall(1000, 16_500) },
  'blind-transfer': {
    drive: (s, clock) => {
      const call = s.call('1001', '1002');
      clock.advance(1500);
      call.answer();
      clock.advance(3200);
      const next = s.blindTransfer(call, 'callee', '1003');
      clock.advance(500);
      next.answer();
      clock.advance(4000);
      next.hangup('callee');
    },
    startOffsetMs: 800,
  },
  'attended-transfer': {
    drive: (s, clock) => {
      const call = s.call('1001', '1002');
      clock.advance(1300);
      call.answer();
      clock.advance(3200);
      const transfer = s.attendedTransfer(call, 'callee', '1003');
      clock.advance(1000);
      transfer.answer();
      clock.advance(3600);
      const joined = transfer.complete();
      clock.advance(3600);
      joined.hangup('caller');
    },
    startOffsetMs: 200,
  },
  'queue-answered': {
    drive: (s, clock) => {
      const call = s.queueCall('1003', 'support');
      clock.advance(1500);
      call.answer('1002');
      clock.advance(4000);
      call.hangup('caller');
    },
  },
  'queue-abandon': {
    drive: (s, clock) => {
      const call = s.queueCall('1003', 'support');
      clock.advance(4500);
      call.abandon();
    },
  },
  'queue-member-ops': {
    drive: (s, clock, world) => {
      world.queues.get('support')?.members.push({ ...staticMember('Agent 1003 (Local)', 'Local/1003@from-queue/n', 'PJSIP/1003', 0), membership: 'dynamic' });
      const call = s.queueCall('1001', 'support');
      clock.advance(1300);
      call.answer('1003');
      clock.advance(4200);
      call.hangup('agent');
    },
  },
  'queue-stats-after-calls': {
    drive: (s, clock) => {
      const first = s.queueCall('1003', 'support');
      clock.advance(2200);
      first.answer('1002');
      clock.advance(3000);
      first.hangup('caller');
      clock.advance(1000);
      const second = s.queueCall('1003', 'support');
      clock.advance(20_000);
      clock.advance(1500);
      second.answer('1002');
      clock.advance(3000);
      second.hangup('caller');
      clock.advance(2000);
      const third = s.queueCall('1003', 'support');
      clock.advance(4200);
      third.abandon();
    },
    startOffsetMs: 600,
  },
  'list-actions-live': {
    drive: (s, clock) => {
      const call = s.call('1001', '1002');
      clock.advance(700);
      call.answer();
      clock.advance(400);
      const waiting = s.queueCall('1003', 'support');
      clock.advance(15_500);
      waiting.abandon();
      clock.advance(500);
      call.hangup('caller');
    },
    startOffsetMs: 500,
  },
  'voicemail-mwi': { drive: (s, clock) => { const call = s.application('1001', '*1002'); clock.advance(18_300); call.hangup(); } },
  'voicemail-application-party': {
    drive: (s, clock) => { const call = s.application('1002', '*97'); clock.advance(2600); call.hangup(); },
    // ConfBridge is not simulated (simulator README, known gaps): only the VoiceMailMain record.
    keep: (row) => row.lastapp !== 'ConfBridge',
  },
};

describe('simulated CDR rows agree with the captured Cdr events', () => {
  for (const [name, { drive, startOffsetMs, keep }] of Object.entries(SCENARIOS)) {
    it(name, () => {
      expect(simulatedShapes(drive, startOffsetMs)).toEqual(capturedShapes(name, keep));
    });
  }

  it('the simulated Cdr AMI event carries the same record the CDR writer gets', () => {
    for (const name of ['attended-transfer', 'queue-member-ops', 'busy']) {
      const clock = new ManualClock(START);
      const { world, scenarios } = createWorld({ clock });
      const recording = record(world);
      SCENARIOS[name]?.drive(scenarios, clock, world);
      const linkedIds = linkedIdsFromEvents(recording.events);
      const fromEvents = recording.events.filter((m) => m.event === 'Cdr').map((m) => cdrRowFromEvent(m, linkedIds));
      expect(fromEvents.length, name).toBeGreaterThan(0);
      expect(shapes(fromEvents, recording.events), name).toEqual(shapes(recording.rows, recording.events));
    }
  });

  it('notices a wrong row (the comparison can fail)', () => {
    const rows = simulatedShapes(SCENARIOS['busy']?.drive ?? (() => undefined));
    expect(rows.slice(0, 1)).not.toEqual(capturedShapes('busy'));
    expect(rows.map((row) => ({ ...row, billsec: row.billsec + 1 }))).not.toEqual(capturedShapes('busy'));
  });
});

/** The captures driven over AMI (Originate): a real connection, the same actions. */
describe('simulated CDR rows of action-driven captures', () => {
  let sim: RunningSimulator | undefined;
  let client: AmiTestClient | undefined;
  afterEach(async () => {
    client?.close();
    await sim?.stop();
  });

  async function connect(startOffsetMs: number): Promise<{ sim: RunningSimulator; client: AmiTestClient; clock: ManualClock; recording: Recording }> {
    const clock = new ManualClock(START + startOffsetMs);
    sim = await startSimulator({ clock });
    const recording = record(sim.world);
    client = await AmiTestClient.connect(sim.port);
    await client.action({ Action: 'Login', ActionID: 'cap-login', Username: 'panel', Secret: 'panelsecret', Events: 'on' });
    return { sim, client, clock, recording };
  }

  it('chanspy-modes', async () => {
    const { sim: s, client: c, clock, recording } = await connect(200);
    // The capture's spying phone picked up within the second it rang.
    s.world.phoneAnswerDelayMs = 300;
    const call = s.scenarios.call('1001', '1002');
    clock.advance(800);
    call.answer();
    for (const [i, options] of ['qEu', 'qEuw', 'qEuB'].entries()) {
      clock.advance([1200, 1500, 2500][i] ?? 0);
      await c.action({ Action: 'Originate', Channel: 'PJSIP/1003', Application: 'ChanSpy', Data: `${call.caller.name},${options}`, Async: 'true', ActionID: `chanspy-modes-${i + 1}` });
      clock.advance(3500);
      const spyer = s.world.channelsOf('PJSIP/1003')[0];
      if (spyer) s.scenarios.hangupChannel(spyer.name);
      await c.action({ Action: 'Ping', ActionID: `flush-${i}` });
    }
    clock.advance(1000);
    call.hangup('caller');
    expect(shapes(recording.rows, recording.events)).toEqual(capturedShapes('chanspy-modes'));
  });

  it('spy-mode-switch', async () => {
    const { sim: s, client: c, clock, recording } = await connect(500);
    const call = s.scenarios.call('1001', '1002');
    clock.advance(1000);
    call.answer();
    clock.advance(1300);
    await c.action({ Action: 'Originate', Channel: 'PJSIP/1003', Application: 'ChanSpy', Data: `${call.caller.name},qEdu`, Async: 'true', ActionID: 'spy-mode-switch-1' });
    clock.advance(8500);
    const spyer = s.world.channelsOf('PJSIP/1003')[0];
    if (spyer) s.scenarios.hangupChannel(spyer.name);
    clock.advance(1900);
    call.hangup('caller');
    await c.action({ Action: 'Ping', ActionID: 'flush' });
    expect(shapes(recording.rows, recording.events)).toEqual(capturedShapes('spy-mode-switch'));
  });

  for (const [name, callerId] of [['click-to-dial', '"Click" <1001>'], ['click-to-dial-originate', '"Alice" <1001>']] as const) {
    it(name, async () => {
      const { sim: s, client: c, clock, recording } = await connect(500);
      await c.action({ Action: 'Originate', Channel: 'PJSIP/1001', Context: 'from-internal', Exten: '1002', CallerID: callerId, Async: 'true', ActionID: `${name}-1` });
      // 1001 answers the Originate after 1 s, 1002 the Dial 1 s later (phoneAnswerDelayMs), then they talk.
      clock.advance(1000);
      clock.advance(1000);
      clock.advance(3800);
      const callee = s.world.channelsOf('PJSIP/1002')[0];
      if (callee) s.scenarios.hangupChannel(callee.name);
      await c.action({ Action: 'Originate', Channel: 'PJSIP/9999', Context: 'from-internal', Exten: '1002', CallerID: callerId, Async: 'true', ActionID: `${name}-2` });
      await c.action({ Action: 'Ping', ActionID: 'flush' });
      expect(shapes(recording.rows, recording.events)).toEqual(capturedShapes(name));
    });
  }
});

/** The FastAGI captures: the call's time passes while the AGI commands run (each takes `msPerCommand`). */
describe('simulated CDR rows of the FastAGI captures', () => {
  async function agiShapes(transcriptFile: string, msPerCommand: number, options: { digits?: string; hangupAfter?: number }): Promise<RowShape[]> {
    const clock = new ManualClock(START + 300);
    const { world, scenarios } = createWorld({ clock });
    world.astdb.put('ONCALL', '1', '1001');
    const recording = record(world);
    world.onEvent((event) => {
      if (event.name === 'AGIExecStart') clock.advance(msPerCommand);
    });
    const server = await scriptedAgiServer(agiTranscript(transcriptFile).commands);
    await scenarios.agiCall('1001', {
      host: '127.0.0.1',
      port: server.port,
      request: 'agi://127.0.0.1:4573/oncall-takeover?division=1',
      args: ['argA', 'argB'],
      hangupAfter: options.hangupAfter,
      dtmf: (command) => (command === 'GET DATA' ? options.digits : undefined),
    });
    return shapes(recording.rows, recording.events);
  }

  it('agi-session', async () => {
    expect(await agiShapes('agi-session.txt', 750, { digits: '1234#' })).toEqual(capturedShapes('agi-session'));
  });

  it('agi-hangup', async () => {
    expect(await agiShapes('agi-hangup.txt', 600, { hangupAfter: 2 })).toEqual(capturedShapes('agi-hangup'));
  });
});

describe('coverage', () => {
  it('every capture with Cdr events is compared above', () => {
    const compared = [...Object.keys(SCENARIOS), 'chanspy-modes', 'spy-mode-switch', 'click-to-dial', 'click-to-dial-originate', 'agi-session', 'agi-hangup'];
    const withCdr = captureNames().filter((name) => loadMessages(name).some((m) => m.event === 'Cdr'));
    expect(compared.sort()).toEqual(withCdr.sort());
  });
});
