/**
 * A call-history fixture made by the simulator: every scenario it knows is driven once at a
 * ManualClock and its CDR rows are written into the `cdr` table of the given pool through the
 * simulator's real CDR writer (table created with CDR_TABLE_SQL when missing). The simulator's
 * rows agree with what Asterisk 22 wrote in the captures (simulator/cdr-fidelity.spec.ts).
 *
 * Deterministic: the same `start` gives the same rows, uniqueids and linkedids. Call N starts
 * at `start + N * 2 min` (N from 0, in the order below), so calls never overlap and come back
 * in this order when sorted by start. Times in the expectations are whole seconds.
 *
 * Scope A, extensions 1001-1003, queues support (PJSIP/1001, PJSIP/1002) and support-local
 * (Local/1001..1003@from-queue/n):
 *  0 internal-answered      1001 -> 1002, rings 3 s, talk 30 s
 *  1 internal-busy          1002 -> 1003, 1003 rejects after 2 s
 *  2 internal-no-answer     1003 -> 1001, Dial's 8 s timeout
 *  3 internal-cancel        1001 -> 1003, 1001 hangs up after 4 s of ringing
 *  4 internal-failed        1001 -> 1003 while 1003 is not registered
 *  5 blind-transfer         1001 -> 1002 (2 s, 10 s talk); 1002 sends 1001 to 1003 (rings 3 s, 20 s)
 *  6 attended-transfer      1001 -> 1002 (2 s, 10 s); 1002 consults 1003 (2 s, 5 s), hangs up; 1001-1003 15 s
 *  7 queue-local-answered   1003 -> support-local (8001): Local 1001 and 1002 ring, 1001 answers after 4 s, 25 s
 *  8 queue-retry-answered   1003 -> support: a 15 s round nobody answers, retry 5 s, 1002 answers 3 s into round 2, 12 s
 *  9 queue-abandon          1003 -> support, hangs up after 7 s
 * 10 voicemail              1001 -> *1002 (VoiceMail), 20 s
 * 11 inbound                +15551234567 on the trunk -> 1001, rings 4 s, 40 s
 * 12 outbound               1002 -> 15557654321 out through the trunk, rings 6 s, 60 s
 * 13 inbound-queue          +15550001111 on the trunk -> support, 1001 answers after 5 s, 30 s
 * Scope B, extensions 2001-2002, queue sales (PJSIP/2001, PJSIP/2002):
 * 14 b-internal-answered    2001 -> 2002, rings 2 s, 15 s
 * 15 b-inbound-queue        +15559990000 on the trunk -> sales (8100), 2001 answers after 3 s, 20 s
 * 16 b-no-answer            2002 -> 2001, Dial's 8 s timeout
 * 17 b-queue-abandon        2001 -> sales (only 2002 rings), hangs up after 6 s
 *
 * The trunk is the PJSIP endpoint `trunk`: group with CDR_FIXTURE_RULES.
 */
import type { Pool } from 'mysql2/promise';
import type { CallDirection, CallOutcome, DirectionRules } from '../src/history';
import type { CdrRecord } from '../simulator/cdr-records';
import { startCdrWriter } from '../simulator/cdr-writer';
import { ManualClock } from '../simulator/clock';
import type { SimulatorScenarios } from '../simulator/scenarios';
import { createWorld } from '../simulator/simulator';

/** Extensions are 3-5 digits; the fixture's one trunk is `trunk`. */
export const CDR_FIXTURE_RULES: DirectionRules = { extension: /^\d{3,5}$/, trunkNames: ['trunk'] };

/** The two sets of parties the fixture keeps apart; no call touches both (for scope tests). */
export const CDR_FIXTURE_SCOPES = {
  a: { extensions: ['1001', '1002', '1003'], queues: ['support', 'support-local'] },
  b: { extensions: ['2001', '2002'], queues: ['sales'] },
} as const;

/** Monday 12 January 2026, 09:00 UTC. */
export const CDR_FIXTURE_START = new Date(Date.UTC(2026, 0, 12, 9, 0, 0));

/** Time between the starts of two fixture calls. */
export const CDR_FIXTURE_SPACING_MS = 120_000;

export interface CdrFixtureExpectation {
  direction: CallDirection;
  outcome: CallOutcome;
  answeredBy: string | undefined;
  queue: string | undefined;
  waitSeconds: number;
  talkSeconds: number;
  totalSeconds: number;
  /** Legs to real parties (Local halves folded away). */
  legs: number;
}

export interface CdrFixtureCall {
  linkedid: string;
  scenario: string;
  start: Date;
  /** Every extension the call involved (caller, rung, answered), for scope checks. */
  extensions: string[];
  /** Rows the call wrote into cdr. */
  rows: number;
  expected: CdrFixtureExpectation;
}

export interface CdrFixtureOptions {
  /** When the first call starts; default CDR_FIXTURE_START. */
  start?: Date;
}

type Drive = (s: SimulatorScenarios, clock: ManualClock) => void;

interface Scenario {
  name: string;
  extensions: string[];
  drive: Drive;
  expected: CdrFixtureExpectation;
}

const call = (
  direction: CallDirection,
  outcome: CallOutcome,
  answeredBy: string | undefined,
  queue: string | undefined,
  [waitSeconds, talkSeconds, totalSeconds]: [number, number, number],
  legs: number,
): CdrFixtureExpectation => ({ direction, outcome, answeredBy, queue, waitSeconds, talkSeconds, totalSeconds, legs });

const seconds = (clock: ManualClock, value: number): void => clock.advance(value * 1000);

const SCENARIOS: Scenario[] = [
  {
    name: 'internal-answered',
    extensions: ['1001', '1002'],
    drive: (s, clock) => {
      const dialled = s.call('1001', '1002');
      seconds(clock, 3);
      dialled.answer();
      seconds(clock, 30);
      dialled.hangup('caller');
    },
    expected: call('internal', 'answered', '1002', undefined, [3, 30, 33], 1),
  },
  {
    name: 'internal-busy',
    extensions: ['1002', '1003'],
    drive: (s, clock) => {
      const dialled = s.call('1002', '1003');
      seconds(clock, 2);
      dialled.busy();
    },
    expected: call('internal', 'busy', undefined, undefined, [2, 0, 2], 1),
  },
  {
    name: 'internal-no-answer',
    extensions: ['1001', '1003'],
    drive: (s, clock) => {
      s.call('1003', '1001');
      seconds(clock, 8);
    },
    expected: call('internal', 'no_answer', undefined, undefined, [8, 0, 8], 1),
  },
  {
    name: 'internal-cancel',
    extensions: ['1001', '1003'],
    drive: (s, clock) => {
      const dialled = s.call('1001', '1003');
      seconds(clock, 4);
      dialled.cancel();
    },
    expected: call('internal', 'no_answer', undefined, undefined, [4, 0, 4], 1),
  },
  {
    name: 'internal-failed',
    extensions: ['1001', '1003'],
    drive: (s) => {
      s.setRegistered('1003', false);
      try {
        s.call('1001', '1003');
      } catch (error) {
        // The simulator refuses the call as Asterisk's Dial does (CHANUNAVAIL) and writes the FAILED record.
        if (!(error instanceof Error) || !error.message.includes('unavailable')) throw error;
      }
      s.setRegistered('1003', true);
    },
    expected: call('internal', 'failed', undefined, undefined, [0, 0, 0], 0),
  },
  {
    name: 'blind-transfer',
    extensions: ['1001', '1002', '1003'],
    drive: (s, clock) => {
      const dialled = s.call('1001', '1002');
      seconds(clock, 2);
      dialled.answer();
      seconds(clock, 10);
      const next = s.blindTransfer(dialled, 'callee', '1003');
      seconds(clock, 3);
      next.answer();
      seconds(clock, 20);
      next.hangup('callee');
    },
    // 1003's record starts at the transfer with 1001 already Up: its 3 s of ringing bill as talk.
    expected: call('internal', 'answered', '1002', undefined, [2, 33, 35], 2),
  },
  {
    name: 'attended-transfer',
    extensions: ['1001', '1002', '1003'],
    drive: (s, clock) => {
      const dialled = s.call('1001', '1002');
      seconds(clock, 2);
      dialled.answer();
      seconds(clock, 10);
      const transfer = s.attendedTransfer(dialled, 'callee', '1003');
      seconds(clock, 2);
      transfer.answer();
      seconds(clock, 5);
      const joined = transfer.complete();
      seconds(clock, 15);
      joined.hangup('caller');
    },
    // Legs: 1002 (2 s ring, 10 s), the consultation with 1003 (2 s, 5 s), 1001-1003 (15 s).
    expected: call('internal', 'answered', '1002', undefined, [2, 30, 34], 3),
  },
  {
    name: 'queue-local-answered',
    extensions: ['1001', '1002', '1003'],
    drive: (s, clock) => {
      const queued = s.queueCall('1003', 'support-local', { exten: '8001' });
      seconds(clock, 4);
      queued.answer('1001');
      seconds(clock, 25);
      queued.hangup('agent');
    },
    expected: call('internal', 'answered', '1001', 'support-local', [4, 25, 29], 2),
  },
  {
    name: 'queue-retry-answered',
    extensions: ['1001', '1002', '1003'],
    drive: (s, clock) => {
      const queued = s.queueCall('1003', 'support');
      seconds(clock, 23);
      queued.answer('1002');
      seconds(clock, 12);
      queued.hangup('caller');
    },
    // Legs: 1001 and 1002 for 15 s each, then 1001 (3 s) and 1002 (answered) in round 2 at 20 s.
    expected: call('internal', 'answered', '1002', 'support', [23, 12, 35], 4),
  },
  {
    name: 'queue-abandon',
    extensions: ['1001', '1002', '1003'],
    drive: (s, clock) => {
      const queued = s.queueCall('1003', 'support');
      seconds(clock, 7);
      queued.abandon();
    },
    expected: call('internal', 'abandoned', undefined, 'support', [7, 0, 7], 2),
  },
  {
    name: 'voicemail',
    extensions: ['1001', '1002'],
    drive: (s, clock) => {
      const message = s.application('1001', '*1002');
      seconds(clock, 20);
      message.hangup();
    },
    expected: call('internal', 'voicemail', undefined, undefined, [0, 0, 20], 0),
  },
  {
    name: 'inbound',
    extensions: ['1001'],
    drive: (s, clock) => {
      const dialled = s.inbound('+15551234567', '1001');
      seconds(clock, 4);
      dialled.answer();
      seconds(clock, 40);
      dialled.hangup('caller');
    },
    expected: call('inbound', 'answered', '1001', undefined, [4, 40, 44], 1),
  },
  {
    name: 'outbound',
    extensions: ['1002'],
    drive: (s, clock) => {
      const dialled = s.outbound('1002', '15557654321');
      seconds(clock, 6);
      dialled.answer();
      seconds(clock, 60);
      dialled.hangup('caller');
    },
    expected: call('outbound', 'answered', '15557654321', undefined, [6, 60, 66], 1),
  },
  {
    name: 'inbound-queue',
    extensions: ['1001', '1002'],
    drive: (s, clock) => {
      const queued = s.queueCall('+15550001111', 'support', { trunk: true });
      seconds(clock, 5);
      queued.answer('1001');
      seconds(clock, 30);
      queued.hangup('caller');
    },
    expected: call('inbound', 'answered', '1001', 'support', [5, 30, 35], 2),
  },
  {
    name: 'b-internal-answered',
    extensions: ['2001', '2002'],
    drive: (s, clock) => {
      const dialled = s.call('2001', '2002');
      seconds(clock, 2);
      dialled.answer();
      seconds(clock, 15);
      dialled.hangup('callee');
    },
    expected: call('internal', 'answered', '2002', undefined, [2, 15, 17], 1),
  },
  {
    name: 'b-inbound-queue',
    extensions: ['2001', '2002'],
    drive: (s, clock) => {
      const queued = s.queueCall('+15559990000', 'sales', { trunk: true, exten: '8100' });
      seconds(clock, 3);
      queued.answer('2001');
      seconds(clock, 20);
      queued.hangup('agent');
    },
    expected: call('inbound', 'answered', '2001', 'sales', [3, 20, 23], 2),
  },
  {
    name: 'b-no-answer',
    extensions: ['2001', '2002'],
    drive: (s, clock) => {
      s.call('2002', '2001');
      seconds(clock, 8);
    },
    expected: call('internal', 'no_answer', undefined, undefined, [8, 0, 8], 1),
  },
  {
    name: 'b-queue-abandon',
    extensions: ['2001', '2002'],
    drive: (s, clock) => {
      const queued = s.queueCall('2001', 'sales', { exten: '8100' });
      seconds(clock, 6);
      queued.abandon();
    },
    expected: call('internal', 'abandoned', undefined, 'sales', [6, 0, 6], 1),
  },
];

/**
 * Drives every scenario above and writes its rows into `cdr` in `pool`'s database (created
 * with CDR_TABLE_SQL when missing; rows already there stay). Resolves once every row is
 * written, with one description per call in start order.
 */
export async function writeScenarioCdrs(pool: Pool, options: CdrFixtureOptions = {}): Promise<CdrFixtureCall[]> {
  const start = (options.start ?? CDR_FIXTURE_START).getTime();
  const clock = new ManualClock(start);
  const { world, scenarios } = createWorld({
    clock,
    extensions: ['1001', '1002', '1003', '2001', '2002'],
    queues: { support: ['1001', '1002'], sales: ['2001', '2002'] },
    localQueues: { 'support-local': ['1001', '1002', '1003'] },
  });
  const writer = await startCdrWriter(world, { pool });
  let written: CdrRecord[] = [];
  world.cdrListeners.add((record) => written.push(record));
  const calls: CdrFixtureCall[] = [];
  try {
    for (const [index, scenario] of SCENARIOS.entries()) {
      const callStart = start + index * CDR_FIXTURE_SPACING_MS;
      clock.advance(callStart - clock.now());
      written = [];
      scenario.drive(scenarios, clock);
      const linkedids = [...new Set(written.map((record) => record.linkedid))];
      const [linkedid] = linkedids;
      if (linkedids.length !== 1 || linkedid === undefined) {
        throw new Error(`fixture call ${scenario.name} wrote ${written.length} rows under ${linkedids.length} linkedids`);
      }
      calls.push({ linkedid, scenario: scenario.name, start: new Date(callStart), extensions: scenario.extensions, rows: written.length, expected: scenario.expected });
    }
  } finally {
    await writer.stop();
  }
  return calls;
}
