/** Capped exponential backoff with jitter, so many tabs reconnecting after a PBX restart spread out. */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** 0..1, the share of the delay randomised. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, capMs: 30_000, jitter: 0.2 };

/** Delay before reconnection attempt `attempt` (1-based). `random` is injectable for tests. */
export function backoffDelayMs(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random = Math.random): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  const raw = Math.min(options.capMs, options.baseMs * 2 ** (attempt - 1));
  const spread = raw * options.jitter;
  return Math.round(raw - spread + random() * spread);
}

/** Waits for `work`, but never longer than `ms`; the timer is cleared either way. */
export async function raceTimeout<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
