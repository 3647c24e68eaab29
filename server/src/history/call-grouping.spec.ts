import { describe, expect, it } from 'vitest';
import { loadMessages } from '../pbx/ami/testing/captures';
import { cdrRowFromEvent, DEFAULT_RULES, groupCalls, linkedIdsFromEvents, type CdrRow } from './index';

function rowsOf(name: string): CdrRow[] {
  const messages = loadMessages(name);
  const linkedIds = linkedIdsFromEvents(messages);
  return messages.filter((m) => m.get('Event') === 'Cdr').map((m) => cdrRowFromEvent(m, linkedIds));
}

const summary = (name: string) =>
  groupCalls(rowsOf(name), DEFAULT_RULES).map((c) => ({
    direction: c.direction, outcome: c.outcome, answeredBy: c.answeredBy, queue: c.queue,
    wait: c.waitSeconds, talk: c.talkSeconds, total: c.totalSeconds,
    legs: c.legs.map((leg) => `${leg.party}:${leg.happened}:${leg.ringSeconds}/${leg.talkSeconds}`),
  }));

describe('groupCalls on the captures', () => {
  it('basic answer: 1001 calls 1002, rings 1 s, talks 4 s', () => {
    expect(summary('basic-answer-callee-hangup')).toEqual([
      { direction: 'internal', outcome: 'answered', answeredBy: '1002', queue: undefined, wait: 1, talk: 4, total: 5, legs: ['1002:answered:1/4'] },
    ]);
  });
  it('busy and no-answer fold the Hangup leg into one call', () => {
    expect(summary('busy')).toMatchObject([{ outcome: 'busy', answeredBy: undefined, total: 1, legs: ['1002:busy:1/0'] }]);
    expect(summary('no-answer')).toMatchObject([{ outcome: 'no_answer', total: 8, legs: ['1002:no_answer:8/0'] }]);
  });
  it('blind transfer keeps 1002 then 1003 on one call', () => {
    expect(summary('blind-transfer')).toMatchObject([
      { outcome: 'answered', answeredBy: '1002', wait: 1, talk: 7, total: 9, legs: ['1002:answered:1/3', '1003:answered:0/4'] }, // total 9: rows end at calldate+duration and Asterisk truncates duration (EndTime says 10)
    ]);
  });
  it('queue: answered by 1002, abandoned when nobody answers', () => {
    expect(summary('queue-answered')).toMatchObject([{ outcome: 'answered', queue: 'support', answeredBy: '1002' }]);
    expect(summary('queue-abandon')).toMatchObject([{ outcome: 'abandoned', queue: 'support', answeredBy: undefined }]);
  });
});

describe('groupCalls edge cases', () => {
  const [row] = rowsOf('basic-answer-callee-hangup');
  it('empty input gives no calls', () => {
    expect(groupCalls([], DEFAULT_RULES)).toEqual([]);
  });
  it('a row without linkedid groups by its uniqueid; calls come ordered by start', () => {
    const base = row as CdrRow;
    const later = { ...base, linkedid: '', uniqueid: 'b', calldate: new Date(base.calldate.getTime() + 60_000) };
    const calls = groupCalls([later, { ...base, linkedid: 'a' }], DEFAULT_RULES);
    expect(calls.map((c) => c.linkedid)).toEqual(['a', 'b']);
  });
  it('an inbound trunk context is inbound', () => {
    expect(groupCalls([{ ...(row as CdrRow), dcontext: 'from-trunk' }], DEFAULT_RULES)[0]?.direction).toBe('inbound');
  });
});

describe('groupCalls on the multi-leg captures', () => {
  it('caller cancel: 1002 rang 2 s, never answered', () => {
    expect(summary('caller-cancel')).toMatchObject([{ outcome: 'no_answer', total: 2, legs: ['1002:no_answer:2/0'] }]);
  });
  it('attended transfer folds the Local/1003 legs: 1002, then 1003', () => {
    const calls = summary('attended-transfer');
    expect(calls.flatMap((c) => c.legs)).toEqual(['1002:answered:1/3', '1003:answered:1/3', '1003:answered:0/3']);
  });
  it('voicemail-application-party: VoiceMailMain and ConfBridge calls count as answered', () => {
    expect(summary('voicemail-application-party').map((c) => c.outcome)).toEqual(['answered', 'answered', 'answered']);
  });
});
