import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAgi } from './agi-client';
import { AstDb } from './astdb';
import { splitAgiArgs } from './agi-commands';
import { TRACE_DIR } from './capture-compare';

/** `>>` lines (AGI server -> Asterisk) and `<<` lines (Asterisk -> AGI server) of a transcript. */
function transcript(name: string): { commands: string[]; fromAsterisk: string[] } {
  const lines = readFileSync(join(TRACE_DIR, name), 'utf8').split('\n');
  const commands = lines.filter((l) => l.startsWith('            >> ')).map((l) => l.slice(15));
  const fromAsterisk = lines.filter((l) => l.startsWith('            << ')).map((l) => l.slice(15));
  return { commands, fromAsterisk };
}

/**
 * A scripted FastAGI server: reads the environment, sends each command after the full
 * reply to the previous one (and after the unsolicited HANGUP when one is due), closes.
 */
async function scriptedServer(commands: readonly string[]): Promise<{ port: number; received: Promise<string[]> }> {
  let resolveReceived: (lines: string[]) => void = () => undefined;
  const received = new Promise<string[]>((resolve) => {
    resolveReceived = resolve;
  });
  const server = createServer((socket: Socket) => {
    const lines: string[] = [];
    let buffer = '';
    let envDone = false;
    let index = 0;
    let waitingFor: ((line: string) => boolean) | undefined;
    let pendingHangup = false;
    const sendNext = (): void => {
      const command = commands[index++];
      if (command === undefined) {
        socket.end();
        return;
      }
      socket.write(`${command}\n`);
      waitingFor = (line) => /^\d{3} /.test(line);
      pendingHangup = command === 'HANGUP';
    };
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (!envDone) {
          if (line === '') {
            envDone = true;
            sendNext();
          } else lines.push(line);
          continue;
        }
        lines.push(line);
        if (waitingFor?.(line)) {
          if (line === '200 result=-1') pendingHangup = true;
          waitingFor = pendingHangup ? (l) => l === 'HANGUP' : undefined;
          pendingHangup = false;
          if (!waitingFor) sendNext();
        } else if (waitingFor && line === 'HANGUP' && !/^\d/.test(line)) {
          waitingFor = undefined;
          sendNext();
        }
      }
    });
    socket.on('close', () => {
      server.close();
      resolveReceived(lines);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { port: (server.address() as AddressInfo).port, received };
}

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
