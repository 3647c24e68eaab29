import { onScopeDispose, shallowRef, type ShallowRef } from 'vue';
import { WALL_POLL_INTERVAL_MS, type WallSnapshot } from '@ondeck/shared';
import { ApiRequestError } from '../api/http';
import { wallboardLinksApi } from '../api/endpoints';
import { describeError } from '../lib/errors';
import { runDetached } from '../lib/detached';

/**
 * - loading: nothing received yet;
 * - live: the last answer came in on time;
 * - offline: the last request failed (server restarting, network); the last figures stay, marked not live;
 * - limited: too many wrong links from this address; waits as long as the server says;
 * - revoked / invalid: final; polling stops and the page says what to do.
 */
export type WallLinkState = 'loading' | 'live' | 'offline' | 'limited' | 'revoked' | 'invalid';

export interface UseWallLinkOptions {
  intervalMs?: number;
  /** Replaceable for tests. */
  fetchWall?: (token: string) => Promise<WallSnapshot>;
}

export interface UseWallLinkReturn {
  wall: ShallowRef<WallSnapshot | null>;
  /** Local time the last wall arrived, to keep wait timers running between polls. */
  receivedAt: ShallowRef<number>;
  state: ShallowRef<WallLinkState>;
  message: ShallowRef<string | null>;
  /** Polls once now (also used by tests); resolves when the answer is handled. */
  poll: () => Promise<void>;
  stop: () => void;
}

/** Polls a read-only wallboard link until it is revoked or the page goes away. */
export function useWallLink(token: string, options: UseWallLinkOptions = {}): UseWallLinkReturn {
  const intervalMs = options.intervalMs ?? WALL_POLL_INTERVAL_MS;
  const fetchWall = options.fetchWall ?? ((t: string) => wallboardLinksApi.wall(t));
  const wall = shallowRef<WallSnapshot | null>(null);
  const receivedAt = shallowRef(0);
  const state = shallowRef<WallLinkState>('loading');
  const message = shallowRef<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  function schedule(ms: number): void {
    if (stopped) return;
    timer = setTimeout(() => runDetached('checking the wallboard link', () => poll()), ms);
  }

  async function poll(): Promise<void> {
    clearTimeout(timer);
    try {
      wall.value = await fetchWall(token);
      receivedAt.value = Date.now();
      state.value = 'live';
      message.value = null;
      schedule(intervalMs);
    } catch (error) {
      message.value = describeError(error);
      const code = error instanceof ApiRequestError ? error.code : null;
      if (code === 'token_revoked' || code === 'not_found') {
        state.value = code === 'token_revoked' ? 'revoked' : 'invalid';
        wall.value = null;
        stop();
      } else if (code === 'rate_limited' && error instanceof ApiRequestError) {
        state.value = 'limited';
        schedule((error.error.retryAfter ?? 60) * 1000);
      } else {
        state.value = 'offline';
        schedule(intervalMs);
      }
    }
  }

  function stop(): void {
    stopped = true;
    clearTimeout(timer);
  }

  onScopeDispose(stop);
  return { wall, receivedAt, state, message, poll, stop };
}
