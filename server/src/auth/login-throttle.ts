import type { Clock } from '../config';

export interface LoginThrottleOptions {
  maxFailures: number;
  windowMs: number;
  lockoutMs: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = {
  maxFailures: 10,
  windowMs: 5 * 60_000,
  lockoutMs: 10 * 60_000,
};

interface AddressRecord {
  failures: number[];
  lockedUntil: number;
}

/**
 * Counts failed sign-ins per client address and locks an address out for a while.
 * In memory on purpose: OnDeck runs as one process per PBX, and a restart clearing the counts
 * is acceptable. Running several processes behind a balancer would need a shared store.
 */
export class LoginThrottle {
  private readonly addresses = new Map<string, AddressRecord>();

  constructor(
    private readonly clock: Clock,
    private readonly options: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE,
  ) {}

  /** Seconds the address must still wait, or 0 when it may try. */
  lockedFor(address: string): number {
    const record = this.addresses.get(address);
    if (!record) return 0;
    const remaining = record.lockedUntil - this.clock.now();
    return remaining > 0 ? Math.ceil(remaining / 1000) : 0;
  }

  /** Returns the lockout in seconds when this failure locked the address, else 0. */
  recordFailure(address: string): number {
    const now = this.clock.now();
    this.prune(now);
    const record = this.addresses.get(address) ?? { failures: [], lockedUntil: 0 };
    record.failures = record.failures.filter((at) => now - at < this.options.windowMs);
    record.failures.push(now);
    if (record.failures.length >= this.options.maxFailures) {
      record.lockedUntil = now + this.options.lockoutMs;
      record.failures = [];
    }
    this.addresses.set(address, record);
    return this.lockedFor(address);
  }

  recordSuccess(address: string): void {
    this.addresses.delete(address);
  }

  get lockoutMinutes(): number {
    return Math.ceil(this.options.lockoutMs / 60_000);
  }

  /** Forget addresses with nothing recent, so a scan from many addresses cannot grow memory forever. */
  private prune(now: number): void {
    if (this.addresses.size < 1000) return;
    for (const [address, record] of this.addresses) {
      const recent = record.failures.some((at) => now - at < this.options.windowMs);
      if (!recent && record.lockedUntil <= now) this.addresses.delete(address);
    }
  }
}
