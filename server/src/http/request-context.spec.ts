import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ParameterizedContext } from 'koa';
import { createLogger } from '../logging';
import { requestContext } from './request-context';
import type { ApiState } from './route';

function fakeContext(status: number): ParameterizedContext<ApiState> {
  const headers: Record<string, string> = {};
  return {
    method: 'GET',
    path: '/api/health',
    status,
    state: {},
    get: () => '',
    set: (name: string, value: string) => (headers[name] = value),
  } as unknown as ParameterizedContext<ApiState>;
}

async function logLevelsFor(level: 'info' | 'debug', status: number): Promise<number[]> {
  const levels: number[] = [];
  const logger = createLogger(level, new Writable({ write: (chunk, _e, done) => (levels.push((JSON.parse(String(chunk)) as { level: number }).level), done()) }));
  await requestContext(logger)(fakeContext(status), async () => undefined);
  return levels;
}

describe('requestContext access log', () => {
  it('writes request lines at debug, so the terminal is not flooded at the default info level', async () => {
    expect(await logLevelsFor('info', 200)).toEqual([]);
    expect(await logLevelsFor('info', 401)).toEqual([]);
    expect(await logLevelsFor('debug', 200)).toEqual([20]);
  });

  it('still reports a server fault at error level', async () => {
    expect(await logLevelsFor('info', 500)).toEqual([50]);
  });
});
