import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgiChannel } from './agi-channel';
import { AgiCommandError, AgiHangupError, AgiProtocolError, AgiTimeoutError } from './agi-errors';
import { AgiServer, type AgiHandler } from './agi-server';
import { readAgiTranscript, ScriptedAsterisk, stepsUntilHangupLine } from './testing/scripted-asterisk';

const logger = pino({ level: 'silent' });
const ENVIRONMENT = {
  agi_network: 'yes',
  agi_request: 'agi://127.0.0.1:4573/probe?division=1',
  agi_channel: 'PJSIP/1001-00000056',
  agi_uniqueid: '1795274979.94',
  agi_callerid: '1001',
};

let server: AgiServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

/** Starts a server on a free port whose handlers report what they saw through the returned promise. */
async function startServer(
  handlers: Record<string, AgiHandler>,
  options: { commandTimeoutMs?: number; maxLineLength?: number } = {},
): Promise<number> {
  server = new AgiServer({ logger, port: 0, ...options });
  for (const [script, handler] of Object.entries(handlers)) server.register(script, handler);
  return (await server.listen()).port;
}

/** Runs `work` as the handler of script `probe` and resolves with what it returned or threw. */
function probe<T>(work: (channel: AgiChannel) => Promise<T>): { handler: AgiHandler; outcome: Promise<T> } {
  let settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
  const outcome = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  const handler: AgiHandler = (channel) => work(channel).then(settle.resolve, settle.reject);
  return { handler, outcome };
}

async function settled<T>(promise: Promise<T>): Promise<unknown> {
  return promise.then(
    (value) => value,
    (error: unknown) => error,
  );
}

describe('AgiServer replaying agi-session.txt (Asterisk 22.10)', () => {
  it('parses the environment, sends the recorded commands and reads every reply', async () => {
    const results: unknown[] = [];
    const { handler, outcome } = probe(async (channel) => {
      results.push(channel.env.request.script, channel.env.request.query.get('division'), channel.env.args);
      results.push(channel.env.callerId, channel.env.uniqueid);
      await channel.answer();
      results.push(await channel.streamFile('beep'));
      results.push(await channel.getData('agent-pass', 5000, 6));
      await channel.setVariable('ONCALL_RESULT', 'ok');
      results.push((await channel.sendCommand('DATABASE PUT', ['ONCALL', '1', '1001'])).result);
      results.push(await channel.sayDigits('1001'));
      await channel.verbose('hello', 1);
      results.push(await settled(channel.sendCommand('FOO BAR', [])));
      results.push(await settled(channel.sendCommand('GET DATA', [])));
      await channel.hangup();
      results.push(await settled(channel.verbose('after hangup', 1)));
    });
    const port = await startServer({ 'oncall-takeover': handler });
    const asterisk = await ScriptedAsterisk.connect(port);
    // Replay until Asterisk's unsolicited HANGUP; after it the server must send nothing more.
    const { sent, recorded } = await asterisk.replay(stepsUntilHangupLine(readAgiTranscript('agi-session.txt')));
    expect(sent).toEqual(recorded);
    expect(recorded).toHaveLength(10);
    await outcome;
    expect(await asterisk.nextCommand()).toBeNull();

    expect(results.slice(0, 5)).toEqual(['oncall-takeover', '1', ['argA', 'argB'], '1001', '1795274979.94']);
    expect(results.slice(5, 9)).toEqual([null, { digits: '1234', timeout: false }, '1', null]);
    const [unknownCommand, usage, afterHangup] = results.slice(9);
    expect(unknownCommand).toBeInstanceOf(AgiCommandError);
    expect((unknownCommand as AgiCommandError).reply.code).toBe(510);
    expect(usage).toBeInstanceOf(AgiCommandError);
    expect((usage as AgiCommandError).reply.code).toBe(520);
    expect((usage as AgiCommandError).reply.lines.at(-1)).toBe('520 End of proper usage.');
    expect(afterHangup).toBeInstanceOf(AgiHangupError);
  });
});

describe('AgiServer replaying agi-hangup.txt (caller hangs up during GET DATA)', () => {
  it('fails GET DATA with AgiHangupError and sends nothing after the HANGUP line', async () => {
    const { handler, outcome } = probe(async (channel) => {
      await channel.answer();
      const interrupted = await settled(channel.getData('agent-pass', 10000, 6));
      // Give the unsolicited HANGUP a chance to arrive; the later command must fail either way.
      const late = await settled(channel.setVariable('ONCALL_RESULT', 'late'));
      return { interrupted, late };
    });
    const port = await startServer({ 'oncall-takeover': handler });
    const asterisk = await ScriptedAsterisk.connect(port);
    const { sent, recorded } = await asterisk.replay(stepsUntilHangupLine(readAgiTranscript('agi-hangup.txt')));
    expect(sent).toEqual(recorded);
    expect(recorded).toHaveLength(2);
    const { interrupted, late } = await outcome;
    expect(interrupted).toBeInstanceOf(AgiHangupError);
    expect(late).toBeInstanceOf(AgiHangupError);
    expect(await asterisk.nextCommand()).toBeNull();
  });
});

describe('AgiServer failure handling', () => {
  it('rejects the pending command when HANGUP arrives before its reply, and every later one', async () => {
    const { handler, outcome } = probe(async (channel) => {
      const pending = settled(channel.streamFile('agent-pass', '#'));
      const later = settled(channel.sayDigits('1001'));
      return { pending: await pending, later: await later, gone: channel.isGone };
    });
    const asterisk = await ScriptedAsterisk.connect(await startServer({ probe: handler }));
    asterisk.sendEnvironment(ENVIRONMENT);
    expect(await asterisk.nextCommand()).toBe('STREAM FILE "agent-pass" "#"');
    asterisk.send('HANGUP\n200 result=-1\n');
    const result = await outcome;
    expect(result.pending).toBeInstanceOf(AgiHangupError);
    expect(result.later).toBeInstanceOf(AgiHangupError);
    expect(result.gone).toBe(true);
    expect(await asterisk.nextCommand()).toBeNull();
  });

  it('turns 511 into AgiHangupError and reads the escape digit of STREAM FILE', async () => {
    const { handler, outcome } = probe(async (channel) => {
      const digit = await channel.streamFile('agent-pass', '#');
      return { digit, dead: await settled(channel.answer()) };
    });
    const asterisk = await ScriptedAsterisk.connect(await startServer({ probe: handler }));
    asterisk.sendEnvironment(ENVIRONMENT);
    await asterisk.expectCommand('200 result=35 endpos=1200');
    await asterisk.expectCommand('511 Command Not Permitted on a dead channel or intercept routine');
    const result = await outcome;
    expect(result.digit).toBe('#');
    expect(result.dead).toBeInstanceOf(AgiHangupError);
  });

  it('rejects the pending command when the socket closes mid-command', async () => {
    const { handler, outcome } = probe(async (channel) => {
      const pending = settled(channel.getData('agent-pass', 5000, 6));
      const queued = settled(channel.verbose('queued behind it'));
      return { pending: await pending, queued: await queued };
    });
    const asterisk = await ScriptedAsterisk.connect(await startServer({ probe: handler }));
    asterisk.sendEnvironment(ENVIRONMENT);
    expect(await asterisk.nextCommand()).toBe('GET DATA "agent-pass" 5000 6');
    asterisk.destroy();
    const result = await outcome;
    expect(result.pending).toMatchObject({ reason: 'connection-closed' });
    expect(result.queued).toBeInstanceOf(AgiHangupError);
  });

  it('closes on a junk line and fails the pending command with a protocol error', async () => {
    const { handler, outcome } = probe((channel) => settled(channel.answer()));
    const asterisk = await ScriptedAsterisk.connect(await startServer({ probe: handler }));
    asterisk.sendEnvironment(ENVIRONMENT);
    expect(await asterisk.nextCommand()).toBe('ANSWER');
    asterisk.send('<html>not asterisk</html>\n');
    expect(await outcome).toBeInstanceOf(AgiProtocolError);
    await asterisk.closed;
  });

  it('closes on an oversized line and fails the pending command', async () => {
    const { handler, outcome } = probe((channel) => settled(channel.answer()));
    const asterisk = await ScriptedAsterisk.connect(await startServer({ probe: handler }, { maxLineLength: 64 }));
    asterisk.sendEnvironment(ENVIRONMENT);
    expect(await asterisk.nextCommand()).toBe('ANSWER');
    asterisk.send(`200 result=1 (${'x'.repeat(200)}`);
    expect(await outcome).toBeInstanceOf(AgiProtocolError);
    await asterisk.closed;
  });

  it('closes without running a handler when the environment is junk or oversized', async () => {
    let calls = 0;
    const port = await startServer({ probe: async () => void calls++ }, { maxLineLength: 64 });
    const junk = await ScriptedAsterisk.connect(port);
    junk.send('GET / HTTP/1.1\n');
    await junk.closed;
    const oversized = await ScriptedAsterisk.connect(port);
    oversized.send(`agi_callerid: ${'9'.repeat(100)}\n`);
    await oversized.closed;
    expect(calls).toBe(0);
  });

  it('reads EXEC results, GET VARIABLE values and GET DATA timeouts', async () => {
    const { handler, outcome } = probe(async (channel) => ({
      exec: await channel.exec('Playback', 'demo-congrats,noanswer'),
      missingApp: await channel.exec('NoSuchApp', ''),
      value: await channel.getVariable('ONCALL_RESULT'),
      unset: await channel.getVariable('NOT_SET'),
      partial: await channel.getData('beep', 3000, 8),
    }));
    const asterisk = await ScriptedAsterisk.connect(await startServer({ probe: handler }));
    asterisk.sendEnvironment(ENVIRONMENT);
    expect(await asterisk.expectCommand('200 result=0')).toEqual(['EXEC', 'Playback', 'demo-congrats,noanswer']);
    await asterisk.expectCommand('200 result=-2');
    await asterisk.expectCommand('200 result=1 (a (nested) value)');
    await asterisk.expectCommand('200 result=0');
    await asterisk.expectCommand('200 result=12 (timeout)');
    expect(await outcome).toEqual({
      exec: 0,
      missingApp: -2,
      value: 'a (nested) value',
      unset: null,
      partial: { digits: '12', timeout: true },
    });
  });

  it('ignores a reply that no command waits for', async () => {
    const { handler, outcome } = probe(async (channel) => {
      await channel.answer();
      await channel.verbose('still talking');
      return channel.isGone;
    });
    const asterisk = await ScriptedAsterisk.connect(await startServer({ probe: handler }));
    asterisk.sendEnvironment(ENVIRONMENT);
    expect(await asterisk.nextCommand()).toBe('ANSWER');
    asterisk.send('200 result=0\n200 result=1\n');
    expect(await asterisk.nextCommand()).toBe('VERBOSE "still talking" 1');
    asterisk.send('200 result=1\n');
    expect(await outcome).toBe(false);
  });

  it('closes the connection for a script nobody registered', async () => {
    const asterisk = await ScriptedAsterisk.connect(await startServer({}));
    asterisk.sendEnvironment({ ...ENVIRONMENT, agi_request: 'agi://127.0.0.1:4573/nothing-here' });
    expect(await asterisk.nextCommand()).toBeNull();
  });

  it('fails a command that gets no reply within the timeout and closes', async () => {
    const { handler, outcome } = probe((channel) => settled(channel.answer()));
    const asterisk = await ScriptedAsterisk.connect(await startServer({ probe: handler }, { commandTimeoutMs: 50 }));
    asterisk.sendEnvironment(ENVIRONMENT);
    expect(await asterisk.nextCommand()).toBe('ANSWER');
    expect(await outcome).toBeInstanceOf(AgiTimeoutError);
    await asterisk.closed;
  });

  it('refuses SAY DIGITS with anything but digits', async () => {
    const { handler, outcome } = probe((channel) => settled(channel.sayDigits('12\nHANGUP')));
    const asterisk = await ScriptedAsterisk.connect(await startServer({ probe: handler }));
    asterisk.sendEnvironment(ENVIRONMENT);
    expect(await outcome).toBeInstanceOf(TypeError);
    expect(await asterisk.nextCommand()).toBeNull();
  });
});

describe('AgiServer logging', () => {
  it('logs a hangup once per call, whether the handler rethrows it or handles it', async () => {
    for (const rethrow of [true, false]) {
      const lines: { msg: string; reason?: string }[] = [];
      const capture = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as { msg: string }) });
      server = new AgiServer({ logger: capture, port: 0 });
      const { handler, outcome } = probe(async (channel) => {
        await channel.answer();
        try {
          await channel.getData('agent-pass', 10000, 6);
        } catch (error) {
          if (rethrow) throw error;
        }
      });
      server.register('oncall-takeover', handler);
      const { port } = await server.listen();
      const asterisk = await ScriptedAsterisk.connect(port);
      await asterisk.replay(stepsUntilHangupLine(readAgiTranscript('agi-hangup.txt')));
      await settled(outcome);
      expect(await asterisk.nextCommand()).toBeNull();
      await server.close();
      server = null;
      const callLines = lines.filter((line) => line.msg.startsWith('AGI call') || /hung up|hangup/i.test(line.msg));
      expect(callLines.map((line) => line.msg)).toEqual(['AGI call started', 'AGI call ended by hangup']);
      expect(callLines[1]?.reason).toMatch(/hangup|channel-failure/);
    }
  });
});
