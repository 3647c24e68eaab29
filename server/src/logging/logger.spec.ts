import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, runWithRequestContext, setRequestUser } from './logger';

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('adds the request id and, once known, the user to every line inside a request', async () => {
    const { lines, stream } = capture();
    const logger = createLogger('info', stream);
    logger.info('outside');
    await runWithRequestContext({ requestId: 'req-1' }, async () => {
      logger.info('before auth');
      setRequestUser(42);
      await Promise.resolve();
      logger.info('after auth');
    });
    expect(lines.map((line) => [line.msg, line.reqId, line.userId])).toEqual([
      ['outside', undefined, undefined],
      ['before auth', 'req-1', undefined],
      ['after auth', 'req-1', 42],
    ]);
  });

  it('redacts passwords and secrets', () => {
    const { lines, stream } = capture();
    createLogger('info', stream).info({ password: 'hunter22', ami: { secret: 's3cret' } }, 'x');
    expect(JSON.stringify(lines[0])).not.toMatch(/hunter22|s3cret/);
  });
});
