import { describe, expect, it } from 'vitest';
import { runAgi } from './agi-client';
import { AstDb } from './astdb';
import { splitAgiArgs } from './agi-commands';
import { scriptedAgiServer as scriptedServer, agiTranscript as transcript } from './testing/agi-test-server';

const VARIES = /^(agi_threadid): /;

describe('FastAGI client', () => {
  it('replays agi-session.txt: environment, replies, 510, 520 usage, HANGUP and dead-channel 511', async () => {
    const { commands, fromAsterisk } = transcript('agi-session.txt');
    const server = await scriptedServer(commands);
    const result = await runAgi({
      host: '127.0.0.1',
      port: server.port,
      request: 'agi://127.0.0.1:4573/oncall-takeover?division=1',
      args: ['argA', 'argB'],
      env: { channel: 'PJSIP/1001-00000056', uniqueid: '1795274979.94' },
      dtmf: (command) => (command === 'GET DATA' ? '1234#' : undefined),
    });
    const got = (await server.received).filter((l) => !VARIES.test(l));
    expect(got).toEqual(fromAsterisk.filter((l) => !VARIES.test(l)));
    expect(result.variables.get('ONCALL_RESULT')).toBe('ok');
    expect(result.hungUp).toBe(true);
  });

  it('replays agi-hangup.txt: the caller hangs up during GET DATA', async () => {
    const { commands, fromAsterisk } = transcript('agi-hangup.txt');
    const server = await scriptedServer(commands);
    const astdb = new AstDb();
    astdb.put('ONCALL', '1', '1001');
    await runAgi({
      host: '127.0.0.1',
      port: server.port,
      request: 'agi://127.0.0.1:4573/oncall-takeover?division=1',
      args: ['argA', 'argB'],
      env: { channel: 'PJSIP/1001-00000057', uniqueid: '1795274995.95' },
      hangupAfter: 2,
      astdb,
    });
    const got = (await server.received).filter((l) => !VARIES.test(l));
    expect(got).toEqual(fromAsterisk.filter((l) => !VARIES.test(l)));
  });

  it('answers STREAM FILE with the ASCII code of an escape digit, GET DATA timeout without digits', async () => {
    const server = await scriptedServer(['STREAM FILE beep "#5"', 'STREAM FILE beep "#"', 'GET DATA agent-pass 3000 4', 'SAY DIGITS']);
    const result = await runAgi({ host: '127.0.0.1', port: server.port, request: 'agi://127.0.0.1/x', dtmf: ['5', '7'] });
    expect(result.commands.map((c) => c.reply[0])).toEqual(['200 result=53 endpos=3404', '200 result=0 endpos=3404', '200 result= (timeout)', '520-Invalid command syntax.  Proper usage follows:']);
  });
});

describe('splitAgiArgs', () => {
  it('keeps quoted strings, escapes and empty quotes', () => {
    expect(splitAgiArgs('SET VARIABLE X "a \\"b\\" c"')).toEqual(['SET', 'VARIABLE', 'X', 'a "b" c']);
    expect(splitAgiArgs('STREAM FILE beep ""')).toEqual(['STREAM', 'FILE', 'beep', '']);
  });
});
