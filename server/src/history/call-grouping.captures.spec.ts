/**
 * groupCalls on the rows Asterisk 22 itself wrote: every capture with `Cdr` events, each call
 * summarised the way the call log shows it. The expected values are read off the capture
 * (its .md steps and the Cdr times), not off the code.
 */
import { describe, expect, it } from 'vitest';
import { captureNames, loadMessages } from '../pbx/ami/testing/captures';
import { cdrRowFromEvent, DEFAULT_RULES, groupCalls, linkedIdsFromEvents, type CallOutcome, type CdrRow } from './index';

function rowsOf(name: string): CdrRow[] {
  const messages = loadMessages(name);
  const linkedIds = linkedIdsFromEvents(messages);
  return messages.filter((m) => m.event === 'Cdr').map((m) => cdrRowFromEvent(m, linkedIds));
}

interface Expected {
  outcome: CallOutcome;
  from: string;
  to: string;
  answeredBy?: string;
  queue?: string;
  /** wait / talk / total seconds. */
  times: [number, number, number];
  /** party@start:happened:ring/talk per leg, in time order; start in seconds after the call's. */
  legs: string[];
}

const summaries = (name: string) =>
  groupCalls(rowsOf(name), DEFAULT_RULES).map((c) => ({
    direction: c.direction,
    outcome: c.outcome,
    from: c.from.number,
    to: c.to,
    answeredBy: c.answeredBy,
    queue: c.queue,
    times: [c.waitSeconds, c.talkSeconds, c.totalSeconds],
    legs: c.legs.map((leg) => `${leg.party}@${(leg.start.getTime() - c.start.getTime()) / 1000}:${leg.happened}:${leg.ringSeconds}/${leg.talkSeconds}`),
  }));

const answered = (ring: number, talk: number, party = '1002'): Expected => ({
  outcome: 'answered', from: '1001', to: '1002', answeredBy: party, times: [ring, talk, ring + talk], legs: [`${party}@0:answered:${ring}/${talk}`],
});
// The dialplan answered at once: no wait, no talk with a person.
const application = (from: string, to: string, seconds: number, outcome: CallOutcome = 'answered'): Expected => ({ outcome, from, to, times: [0, 0, seconds], legs: [] });

/** Every call of every capture with Cdr events; all of them are internal (the lab has no trunk). */
const EXPECTED: Record<string, Expected[]> = {
  'basic-answer-caller-hangup': [answered(1, 4)],
  'basic-answer-callee-hangup': [answered(1, 4)],
  // The Hangup() record after Dial folds into the same call: one call, one leg.
  busy: [{ outcome: 'busy', from: '1001', to: '1002', times: [1, 0, 1], legs: ['1002@0:busy:1/0'] }],
  'no-answer': [{ outcome: 'no_answer', from: '1001', to: '1002', times: [8, 0, 8], legs: ['1002@0:no_answer:8/0'] }],
  'caller-cancel': [{ outcome: 'no_answer', from: '1001', to: '1002', times: [2, 0, 2], legs: ['1002@0:no_answer:2/0'] }],
  'hold-unhold': [answered(1, 10)],
  mixmonitor: [answered(1, 5)],
  rtcp: [answered(1, 16)],
  'click-to-dial': [answered(1, 4)],
  'click-to-dial-originate': [answered(1, 4)],
  // 1003's record starts when the transfer does, with 1001 already Up: no ring time of its own.
  // Total 9 although EndTime says 10: rows end at calldate + duration and duration is cut.
  'blind-transfer': [{ outcome: 'answered', from: '1001', to: '1002', answeredBy: '1002', times: [1, 7, 9], legs: ['1002@0:answered:1/3', '1003@5:answered:0/4'] }],
  // The consultation (Local ;2 -> 1003) is a leg of the same call; the Local halves' own records fold away.
  'attended-transfer': [
    { outcome: 'answered', from: '1001', to: '1002', answeredBy: '1002', times: [1, 9, 12], legs: ['1002@0:answered:1/3', '1003@4:answered:1/3', '1003@9:answered:0/3'] },
  ],
  // Ringall: 1001 stopped ringing when 1002 answered, so its record is 1002's ring time.
  'queue-answered': [{ outcome: 'answered', from: '1003', to: '8000', answeredBy: '1002', queue: 'support', times: [1, 4, 5], legs: ['1001@0:no_answer:1/0', '1002@0:answered:1/4'] }],
  'queue-abandon': [{ outcome: 'abandoned', from: '1003', to: '8000', queue: 'support', times: [4, 0, 4], legs: ['1001@0:no_answer:4/0', '1002@0:no_answer:4/0'] }],
  // The Local member 1003 rings through Local/1003@from-queue;2, whose Dial record is exact.
  'queue-member-ops': [{ outcome: 'answered', from: '1001', to: '8000', answeredBy: '1003', queue: 'support', times: [1, 4, 5], legs: ['1002@0:no_answer:1/0', '1003@0:answered:1/4'] }],
  'queue-stats-after-calls': [
    { outcome: 'answered', from: '1003', to: '8000', answeredBy: '1002', queue: 'support', times: [2, 3, 5], legs: ['1001@0:no_answer:2/0', '1002@0:answered:2/3'] },
    // One unanswered 15 s round, 5 s retry, answered in the second round.
    {
      outcome: 'answered', from: '1003', to: '8000', answeredBy: '1002', queue: 'support', times: [21, 3, 24],
      legs: ['1001@0:no_answer:15/0', '1002@0:no_answer:15/0', '1001@20:no_answer:1/0', '1002@20:answered:1/3'],
    },
    { outcome: 'abandoned', from: '1003', to: '8000', queue: 'support', times: [4, 0, 4], legs: ['1001@0:no_answer:4/0', '1002@0:no_answer:4/0'] },
  ],
  // Both members were on the 1001-1002 call: the queue caller's only record has no party B.
  'list-actions-live': [answered(1, 16), { outcome: 'abandoned', from: '1003', to: '8000', queue: 'support', times: [15, 0, 15], legs: [] }],
  'chanspy-modes': [answered(1, 16), application('1003', 's', 3), application('1003', 's', 3), application('1003', 's', 3)],
  'spy-mode-switch': [answered(1, 11), application('1003', 's', 8)],
  'voicemail-mwi': [application('1001', '*1002', 18, 'voicemail')],
  // VoiceMailMain is listening to one's own box, answered; the conference partner is not "who answered".
  'voicemail-application-party': [application('1002', '*97', 2), application('1002', '800', 7), application('1003', '800', 0)],
  'agi-session': [application('1001', '7000', 9)],
  'agi-hangup': [application('1001', '7000', 5)],
};

describe('groupCalls on every capture with Cdr events', () => {
  it('covers every such capture', () => {
    const withCdr = captureNames().filter((name) => loadMessages(name).some((m) => m.event === 'Cdr'));
    expect(Object.keys(EXPECTED).sort()).toEqual(withCdr.sort());
  });

  for (const [name, calls] of Object.entries(EXPECTED)) {
    it(name, () => {
      expect(summaries(name)).toEqual(calls.map((call) => ({ direction: 'internal', answeredBy: undefined, queue: undefined, ...call })));
    });
  }

  it('a Local member record that starts with the caller does not become the call\'s origin', () => {
    const rows = rowsOf('queue-member-ops');
    const [call] = groupCalls([...rows].reverse(), DEFAULT_RULES);
    expect(call).toMatchObject({ from: { number: '1001' }, to: '8000' });
    const trunk = groupCalls(rows.map((row) => (row.channel.startsWith('PJSIP/1001') ? { ...row, dcontext: 'from-trunk' } : row)), DEFAULT_RULES);
    expect(trunk[0]?.direction).toBe('inbound');
  });
});
