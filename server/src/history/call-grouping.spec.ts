import { describe, expect, it } from 'vitest';
import { loadMessages } from '../pbx/ami/testing/captures';
import { cdrRowFromEvent, DEFAULT_RULES, groupCalls, linkedIdsFromEvents, type CdrRow } from './index';

function rowsOf(name: string): CdrRow[] {
  const messages = loadMessages(name);
  const linkedIds = linkedIdsFromEvents(messages);
  return messages.filter((m) => m.get('Event') === 'Cdr').map((m) => cdrRowFromEvent(m, linkedIds));
}

// Every capture's calls are asserted in call-grouping.captures.spec.ts; these are the cases captures lack.
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
  it('a trunk channel is inbound, a trunk dstchannel outbound', () => {
    const rules = { ...DEFAULT_RULES, trunkNames: ['trunk'] };
    const base = row as CdrRow;
    expect(groupCalls([{ ...base, channel: 'PJSIP/trunk-00000001' }], rules)[0]?.direction).toBe('inbound');
    const [outbound] = groupCalls([{ ...base, dst: '15557654321', dstchannel: 'PJSIP/trunk-00000002' }], rules);
    expect(outbound?.direction).toBe('outbound');
    // The party reached through a trunk is the number dialled, not the trunk's name.
    expect(outbound?.answeredBy).toBe('15557654321');
  });
  it('an answered queue member alone in its round: its ring time is unknown, billsec is all talk', () => {
    const [queueRow] = rowsOf('queue-answered');
    const [call] = groupCalls([queueRow as CdrRow], DEFAULT_RULES);
    expect(call?.legs.map((leg) => [leg.party, leg.ringSeconds, leg.talkSeconds])).toEqual([['1002', 0, 5]]);
    expect(call?.waitSeconds).toBe(0);
  });
});
