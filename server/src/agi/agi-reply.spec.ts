import { describe, expect, it } from 'vitest';
import { AgiReplyAssembler } from './agi-reply';

function acceptAll(lines: string[]) {
  const assembler = new AgiReplyAssembler();
  return lines.map((line) => assembler.accept(line));
}

describe('AgiReplyAssembler', () => {
  it('reads 200 replies with result, data and endpos', () => {
    const [plain, endpos, data, timeout] = acceptAll([
      '200 result=0',
      '200 result=0 endpos=3404',
      '200 result=1 (late)',
      '200 result=12 (timeout)',
    ]);
    expect(plain).toEqual({ kind: 'reply', reply: { code: 200, result: '0', data: null, endpos: null, lines: ['200 result=0'] } });
    expect(endpos).toMatchObject({ reply: { result: '0', endpos: 3404 } });
    expect(data).toMatchObject({ reply: { result: '1', data: 'late' } });
    expect(timeout).toMatchObject({ reply: { result: '12', data: 'timeout' } });
  });

  it('reads 510 and 511 as one-line replies', () => {
    const [unknown, dead] = acceptAll([
      '510 Invalid or unknown command',
      '511 Command Not Permitted on a dead channel or intercept routine',
    ]);
    expect(unknown).toMatchObject({ kind: 'reply', reply: { code: 510 } });
    expect(dead).toMatchObject({ kind: 'reply', reply: { code: 511 } });
  });

  it('collects a multi-line 520 until "520 End of proper usage."', () => {
    const results = acceptAll([
      '520-Invalid command syntax.  Proper usage follows:',
      'Stream the given <replaceable>file</replaceable>, and receive DTMF data.',
      '200 result=1 looks like a reply but is usage text',
      '520 End of proper usage.',
    ]);
    expect(results.slice(0, 3).map((result) => result.kind)).toEqual(['partial', 'partial', 'partial']);
    expect(results[3]).toMatchObject({ kind: 'reply', reply: { code: 520 } });
    if (results[3]?.kind !== 'reply') throw new Error('expected a reply');
    expect(results[3].reply.lines).toHaveLength(4);
  });

  it('tells an unsolicited HANGUP from junk', () => {
    expect(acceptAll(['HANGUP', 'hello there', '200 nonsense', '999-x'])).toEqual([
      { kind: 'hangup' },
      { kind: 'junk', line: 'hello there' },
      { kind: 'junk', line: '200 nonsense' },
      { kind: 'junk', line: '999-x' },
    ]);
  });
});
