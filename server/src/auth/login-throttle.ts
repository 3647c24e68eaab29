import type { Clock } from '../lib/clock';

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
 * Counts failed attempts per client address in this process's memory and locks an address out
 * for a while. Only wallboard-link guessing still uses it; sign-in does not, because its limits
 * must hold across restarts and processes (SignInThrottle, in MariaDB). Moving the wallboard
 * guard onto SignInThrottleRepository would give it the same guarantee.
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
