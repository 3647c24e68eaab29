import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { chooseLogFormat, createLogger } from './logger';
import { formatLogLine, prettyStream } from './pretty';

describe('readable log lines', () => {
  it('prints one line: time, level, module, message, then the fields as key=value', () => {
    const time = new Date(2026, 0, 5, 14, 3, 7).getTime();
    const line = JSON.stringify({ level: 30, time, pid: 1, hostname: 'pbx', app: 'ondeck', module: 'pbx', msg: 'AMI connected', host: '127.0.0.1', port: 5038, name: 'Sam Supervisor' });
    expect(formatLogLine(line)).toBe('14:03:07 INFO  [pbx] AMI connected host=127.0.0.1 port=5038 name="Sam Supervisor"\n');
  });

  it('keeps the stack of an error, indented under its line', () => {
    const line = JSON.stringify({ level: 50, time: 0, msg: 'request failed', err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at x' } });
    const text = formatLogLine(line);
    expect(text).toMatch(/^\d\d:\d\d:\d\d ERROR request failed err=boom\n {4}Error: boom\n/);
  });

  it('passes through a line that is not JSON untouched', () => {
    expect(formatLogLine('not json')).toBe('not json\n');
  });

  it('is what a pino logger writes through prettyStream, with nothing in JSON', async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(String(chunk)));
    const logger = createLogger('info', prettyStream(out));
    logger.child({ module: 'live' }).info({ userId: 7 }, 'panel connected');
    logger.debug('not shown at info');
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks.join('')).toMatch(/^\d\d:\d\d:\d\d INFO {2}\[live\] panel connected userId=7\n$/);
  });
});

describe('chooseLogFormat', () => {
  const base = { setting: 'auto', stdoutIsTty: false, demo: false, nodeEnv: 'production' } as const;
  it('logs JSON under systemd (no terminal, production) and readable lines at a terminal, in the demo and in development', () => {
    expect(chooseLogFormat(base)).toBe('json');
    expect(chooseLogFormat({ ...base, stdoutIsTty: true })).toBe('pretty');
    expect(chooseLogFormat({ ...base, demo: true })).toBe('pretty');
    expect(chooseLogFormat({ ...base, nodeEnv: 'development' })).toBe('pretty');
  });
  it('follows LOG_FORMAT when it is set', () => {
    expect(chooseLogFormat({ ...base, setting: 'pretty' })).toBe('pretty');
    expect(chooseLogFormat({ ...base, stdoutIsTty: true, setting: 'json' })).toBe('json');
  });
});
