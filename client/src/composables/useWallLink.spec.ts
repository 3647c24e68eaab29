import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import type { WallSnapshot } from '@ondeck/shared';
import { ApiRequestError } from '../api/http';
import { useWallLink } from './useWallLink';

const wall = (label = 'TV'): WallSnapshot => ({ label, stale: false, generatedAt: 0, queues: [] });

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function start(fetchWall: (token: string) => Promise<WallSnapshot>) {
  const scope = effectScope();
  const link = scope.run(() => useWallLink('tok', { intervalMs: 2000, fetchWall }))!;
  return { link, scope };
}

describe('useWallLink', () => {
  it('polls every interval while live, and stops for good once the link is revoked', async () => {
    const answers: Array<() => Promise<WallSnapshot>> = [
      async () => wall('first'),
      async () => wall('second'),
      async () => {
        throw new ApiRequestError(401, { code: 'token_revoked', message: 'This wallboard link was revoked — ask your administrator for a new one.' });
      },
    ];
    const fetchWall = vi.fn((_token: string) => (answers.shift() ?? (async () => wall('never')))());
    const { link } = start(fetchWall);
    await link.poll();
    expect(link.state.value).toBe('live');
    expect(link.wall.value?.label).toBe('first');
    await vi.advanceTimersByTimeAsync(2000);
    expect(link.wall.value?.label).toBe('second');
    await vi.advanceTimersByTimeAsync(2000);
    expect(link.state.value).toBe('revoked');
    expect(link.wall.value).toBeNull();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(fetchWall).toHaveBeenCalledTimes(3);
    expect(fetchWall).toHaveBeenCalledWith('tok');
  });

  it('keeps the last figures, marked offline, while the server is away, then goes live again', async () => {
    let down = false;
    const { link } = start(async () => {
      if (down) throw new ApiRequestError(0, { code: 'internal', message: 'Cannot reach the OnDeck server.' });
      return wall();
    });
    await link.poll();
    down = true;
    await vi.advanceTimersByTimeAsync(2000);
    expect(link.state.value).toBe('offline');
    expect(link.wall.value?.label).toBe('TV');
    down = false;
    await vi.advanceTimersByTimeAsync(2000);
    expect(link.state.value).toBe('live');
  });

  it('says a wrong link is not valid, and waits out a lockout before asking again', async () => {
    const invalid = start(async () => {
      throw new ApiRequestError(404, { code: 'not_found', message: 'This wallboard link is not valid.' });
    }).link;
    await invalid.poll();
    expect(invalid.state.value).toBe('invalid');
    expect(invalid.message.value).toBe('This wallboard link is not valid.');

    const fetchWall = vi.fn(async (): Promise<WallSnapshot> => {
      throw new ApiRequestError(429, { code: 'rate_limited', message: 'Too many', retryAfter: 30 });
    });
    const limited = start(fetchWall).link;
    await limited.poll();
    expect(limited.state.value).toBe('limited');
    await vi.advanceTimersByTimeAsync(29_000);
    expect(fetchWall).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetchWall).toHaveBeenCalledTimes(2);
  });

  it('stops polling when the page goes away', async () => {
    const fetchWall = vi.fn(async () => wall());
    const { link, scope } = start(fetchWall);
    await link.poll();
    scope.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fetchWall).toHaveBeenCalledTimes(1);
  });
});
