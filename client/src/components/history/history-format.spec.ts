import { describe, expect, it } from 'vitest';
import type { CallLogLegView } from '@ondeck/shared';
import { calledText, callerText, clockText, legSentence, secondsText } from './history-format';

const leg = (party: string, happened: CallLogLegView['happened'], ringSeconds: number, talkSeconds = 0): CallLogLegView => ({
  party,
  start: '2026-12-07T10:00:00Z',
  happened,
  ringSeconds,
  talkSeconds,
});

describe('history format', () => {
  it('tells the timeline as a person would', () => {
    const legs = [leg('1001', 'no_answer', 12), leg('1002', 'answered', 4, 65), leg('1005', 'answered', 0, 30), leg('1006', 'busy', 0), leg('trunk', 'failed', 0)];
    expect(legs.map((l, i) => legSentence(l, i, legs))).toEqual([
      'rang 1001 for 12 s, no answer',
      'rang 1002 for 4 s, answered by 1002, talked 1 min 05 s',
      'transferred to 1005, talked 30 s',
      '1006 was busy',
      'could not reach trunk',
    ]);
  });

  it('writes durations short and plain', () => {
    expect(secondsText(0)).toBe('0 s');
    expect(secondsText(3725)).toBe('1 h 02 min');
    expect(clockText(42)).toBe('0:42');
    expect(clockText(3723)).toBe('1:02:03');
  });

  it('names the caller and the dialled side', () => {
    expect(callerText({ number: '1001', name: 'Ann' })).toBe('1001 · Ann');
    expect(callerText({ number: '1001', name: '1001' })).toBe('1001');
    expect(calledText({ to: '600', did: '+493012345' })).toBe('600 (DID +493012345)');
    expect(calledText({ to: '1002', did: '' })).toBe('1002');
    expect(calledText({ to: '+493012345', did: '+493012345' })).toBe('DID +493012345');
  });
});
