/**
 * The clock and timers the AMI client and connection use, injected so tests can move
 * time by hand instead of sleeping (keep-alive deadlines, backoff, action timeouts).
 */
export interface AmiTimers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: AmiTimers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
