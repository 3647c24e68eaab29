import { describe, expect, it } from 'vitest';
import { AMI_LIMITS, AmiMessage, AmiParser, serializeAmi } from './codec';
import { seededRandom } from '../../lib/seeded-random';
import { captureBlocks, captureNames, readCapture } from './testing/captures';

function collect(expectBanner = true) {
  const messages: AmiMessage[] = [];
  const banners: string[] = [];
  const junk: string[] = [];
  const parser = new AmiParser(
    {
      onMessage: (message) => messages.push(message),
      onBanner: (banner) => banners.push(banner),
      onJunk: (reason) => junk.push(reason),
    },
    { expectBanner },
  );
  return { parser, messages, banners, junk };
}

const flat = (messages: AmiMessage[]) => messages.map((message) => message.lines.map(([k, v]) => `${k}=${v}`).join('|'));

describe('AmiParser on real captures', () => {
  it('parses every capture into as many messages as the CRLF-CRLF split finds', () => {
    for (const name of captureNames()) {
      const { parser, messages, banners, junk } = collect();
      parser.push(readCapture(name));
      expect(banners, name).toEqual(['Asterisk Call Manager/11.0.0']);
      expect(messages.length, name).toBe(captureBlocks(name).length);
      expect(junk, name).toEqual([]);
    }
  });

  it('gives the same messages whatever byte offset a read is split at', () => {
    const bytes = readCapture('astdb');
    const whole = collect();
    whole.parser.push(bytes);
    const expected = flat(whole.messages);
    for (let offset = 0; offset <= bytes.length; offset++) {
      const split = collect();
      split.parser.push(bytes.subarray(0, offset));
      split.parser.push(bytes.subarray(offset));
      expect(flat(split.messages), `split at ${offset}`).toEqual(expected);
    }
  });

  it('gives the same messages when fed one byte at a time', () => {
    const bytes = readCapture('list-actions-live');
    const whole = collect();
    whole.parser.push(bytes);
    const bytewise = collect();
    for (let i = 0; i < bytes.length; i++) bytewise.parser.push(bytes.subarray(i, i + 1));
    expect(flat(bytewise.messages)).toEqual(flat(whole.messages));
  });

  it('keeps QueueStatus items whose ActionID comes last', () => {
    const { parser, messages } = collect();
    parser.push(readCapture('list-actions-live'));
    const member = messages.find((message) => message.event === 'QueueMember');
    expect(member?.actionId).toBeDefined();
    expect(member?.lines.at(-1)?.[0]).toBe('ActionID');
  });
});

describe('AmiParser framing details', () => {
  it('keeps repeated headers in order and normalises key case', () => {
    const { parser, messages } = collect(false);
    parser.push('Event: VarSet\r\nChanVariable: A=1\r\nchanvariable: B=2\r\nUniqueid: 1.1\r\n\r\n');
    const message = messages[0];
    expect(message?.getAll('ChanVariable')).toEqual(['A=1', 'B=2']);
    expect(message?.get('UNIQUEID')).toBe('1.1');
    expect(message?.get('UniqueID')).toBe('1.1');
  });

  it('keeps a UTF-8 character split across two reads intact', () => {
    const bytes = Buffer.from('Event: Newchannel\r\nCallerIDName: Müller 東京\r\n\r\n', 'utf8');
    const umlaut = bytes.indexOf(0xc3);
    const { parser, messages } = collect(false);
    parser.push(bytes.subarray(0, umlaut + 1));
    parser.push(bytes.subarray(umlaut + 1));
    expect(messages[0]?.get('CallerIDName')).toBe('Müller 東京');
  });

  it('skips an oversized line and the rest of its message, then parses the next one', () => {
    const { parser, messages, junk } = collect(false);
    const huge = 'x'.repeat(AMI_LIMITS.maxLineBytes + 10);
    parser.push(`Event: Broken\r\nData: ${huge}\r\nTail: 1\r\n\r\nEvent: Good\r\nA: 1\r\n\r\n`);
    expect(junk).toContain('line too long');
    expect(messages.map((message) => message.event)).toEqual(['Good']);
    expect(messages[0]?.has('tail')).toBe(false);
  });

  it('skips an oversized line that arrives in many small reads', () => {
    const { parser, messages, junk } = collect(false);
    parser.push('Event: Broken\r\nData: ');
    for (let i = 0; i < 40; i++) parser.push('y'.repeat(4096));
    parser.push('\r\nTail: 1\r\n\r\nEvent: Good\r\n\r\n');
    expect(junk).toContain('line too long');
    expect(messages.map((message) => message.event)).toEqual(['Good']);
  });

  it('drops a header flood without leaking its tail as a message', () => {
    const { parser, messages, junk } = collect(false);
    let flood = 'Event: Flood\r\n';
    for (let i = 0; i < AMI_LIMITS.maxHeaders + 20; i++) flood += `H${i}: v\r\n`;
    parser.push(`${flood}\r\nEvent: Good\r\n\r\n`);
    expect(junk).toContain('too many headers');
    expect(messages.map((message) => message.event)).toEqual(['Good']);
  });

  it('reports binary lines without a key and keeps going', () => {
    const { parser, messages, junk } = collect(false);
    parser.push(Buffer.concat([Buffer.from([0, 1, 2, 255, 254, 13, 10, 13, 10]), Buffer.from('Event: Good\r\n\r\n')]));
    expect(junk).toContain('line without key');
    expect(messages.map((message) => message.event)).toEqual(['Good']);
  });
});

describe('AmiParser fuzz', () => {
  const goodBlock = 'Event: Sentinel\r\nSeq: 42\r\nChanVariable: A=1\r\nChanVariable: B=2\r\n\r\n';
  const capture = readCapture('queue-member-ops');

  function junkFrom(random: () => number): Buffer {
    const kind = random();
    const length = Math.floor(random() * 2048);
    if (kind < 0.4) {
      const bytes = Buffer.alloc(length);
      for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
      return bytes;
    }
    // A slice of a real capture with some bytes flipped: plausible-looking garbage.
    const start = Math.floor(random() * capture.length);
    const bytes = Buffer.from(capture.subarray(start, start + length));
    for (let i = 0; i < bytes.length; i++) if (random() < 0.05) bytes[i] = Math.floor(random() * 256);
    return bytes;
  }

  it('never throws and still parses a well-formed message after the junk', () => {
    const random = seededRandom(20261121);
    for (let iteration = 0; iteration < 3000; iteration++) {
      const { parser, messages } = collect(random() < 0.5);
      const junk = junkFrom(random);
      const stream = Buffer.concat([junk, Buffer.from(`\r\n\r\n${goodBlock}`)]);
      // Feed in random-sized reads to exercise every split path.
      let offset = 0;
      expect(() => {
        while (offset < stream.length) {
          const size = 1 + Math.floor(random() * 700);
          parser.push(stream.subarray(offset, offset + size));
          offset += size;
        }
      }, `iteration ${iteration}`).not.toThrow();
      const last = messages.at(-1);
      expect(last?.event, `iteration ${iteration}`).toBe('Sentinel');
      expect(last?.getAll('chanvariable'), `iteration ${iteration}`).toEqual(['A=1', 'B=2']);
    }
  });
});

describe('serializeAmi', () => {
  it('strips CR/LF so a value cannot inject a second action', () => {
    const wire = serializeAmi({ Action: 'Setvar', Value: 'x\r\nAction: Hangup\r\n\r\nAction: Hangup' });
    const { parser, messages } = collect(false);
    parser.push(wire);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.getAll('action')).toEqual(['Setvar']);
  });

  it('strips every control character (C0 with NUL, DEL, C1) from values and keys', () => {
    const controls = [...Array.from({ length: 0x20 }, (_, code) => code), 0x7f, 0x80, 0x9f].map((code) => String.fromCharCode(code));
    for (const control of controls) {
      const label = `U+${control.charCodeAt(0).toString(16).padStart(4, '0')}`;
      const wire = serializeAmi({ Action: 'Setvar', [`Vari${control}able`]: `CALLERID(name)=a${control}b`, Array: [`x${control}y`] });
      expect(wire, label).toBe('Action: Setvar\r\nVariable: CALLERID(name)=a b\r\nArray: x y\r\n\r\n');
    }
    const all = controls.join('');
    expect(serializeAmi({ Action: 'Setvar', Value: `left${all}right` }), 'a run becomes one space').toBe('Action: Setvar\r\nValue: left right\r\n\r\n');
    expect(serializeAmi(AmiMessage.from({ Action: 'Setvar', Value: 'a\u0000b' }))).toBe('Action: Setvar\r\nValue: a b\r\n\r\n');
    expect(serializeAmi({ Action: 'Setvar', Value: 'Zoë Ünal → 1001' }), 'printable text is kept').toBe('Action: Setvar\r\nValue: Zoë Ünal → 1001\r\n\r\n');
  });

  it('writes arrays as repeated headers and skips undefined', () => {
    expect(serializeAmi({ Action: 'Originate', Variable: ['a=1', 'b=2'], Skip: undefined })).toBe(
      'Action: Originate\r\nVariable: a=1\r\nVariable: b=2\r\n\r\n',
    );
    const message = AmiMessage.from({ Event: 'X', V: ['1', '2'] });
    expect(serializeAmi(message)).toBe('Event: X\r\nV: 1\r\nV: 2\r\n\r\n');
  });
});
