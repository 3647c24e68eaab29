import type { Clock } from '../lib/clock';
import type { SignInThrottleRepository, ThrottleRule } from './sign-in-throttle.repository';

/**
 * The sign-in limits. `address` limits one client address whatever accounts it tries;
 * `account` limits one account (or one unknown login name) whatever addresses try it.
 */
export interface SignInThrottleRules extends ThrottleRule {
  /** Per account, from anywhere. Defaults to DEFAULT_ACCOUNT_THROTTLE. */
  account?: ThrottleRule;
}

export const DEFAULT_ADDRESS_THROTTLE: ThrottleRule = { maxFailures: 10, windowMs: 5 * 60_000, lockoutMs: 10 * 60_000 };
export const DEFAULT_ACCOUNT_THROTTLE: ThrottleRule = { maxFailures: 20, windowMs: 30 * 60_000, lockoutMs: 15 * 60_000 };
export const DEFAULT_SIGN_IN_THROTTLE: SignInThrottleRules = { ...DEFAULT_ADDRESS_THROTTLE, account: DEFAULT_ACCOUNT_THROTTLE };

/** Who is signing in: the client address and the account key from `accountKey()`. */
export interface SignInAttempt {
  address: string;
  account: string;
}

export type SignInLock = { scope: 'address' | 'account'; seconds: number };

/** `user:<id>` for an account that exists, `login:<name>` for a name that does not. */
export function accountKey(userId: number | null, login: string): string {
  return userId === null ? `login:${login.trim().toLowerCase().slice(0, 150)}` : `user:${userId}`;
}

/**
 * Limits password guessing per client address and per account, separately, in MariaDB.
 * A success clears only the account that succeeded: one valid account must not reset its
 * holder's address count and let them keep guessing another account's password.
 */
export class SignInThrottle {
  private readonly address: ThrottleRule;
  private readonly account: ThrottleRule;

  constructor(
    private readonly repository: SignInThrottleRepository,
    private readonly clock: Clock,
    rules: SignInThrottleRules = DEFAULT_SIGN_IN_THROTTLE,
  ) {
    const { account, ...address } = rules;
    this.address = address;
    this.account = account ?? DEFAULT_ACCOUNT_THROTTLE;
  }

  /** The lock that refuses this attempt before its password is checked, or null. The address lock is reported first. */
  async lockFor(attempt: SignInAttempt): Promise<SignInLock | null> {
    const now = new Date(this.clock.now());
    const address = await this.repository.lockedUntil('address', attempt.address, now);
    if (address) return { scope: 'address', seconds: this.secondsUntil(address) };
    const account = await this.repository.lockedUntil('account', attempt.account, now);
    if (account) return { scope: 'account', seconds: this.secondsUntil(account) };
    return null;
  }

  /** Counts a failure on both; returns the lock this failure started (address first), or null. */
  async recordFailure(attempt: SignInAttempt): Promise<SignInLock | null> {
    const now = new Date(this.clock.now());
    const address = await this.repository.recordFailure('address', attempt.address, now, this.address);
    const account = await this.repository.recordFailure('account', attempt.account, now, this.account);
    if (address) return { scope: 'address', seconds: this.secondsUntil(address) };
    if (account) return { scope: 'account', seconds: this.secondsUntil(account) };
    return null;
  }

  async recordSuccess(attempt: SignInAttempt): Promise<void> {
    await this.repository.clear('account', attempt.account);
  }

  /** Forgets counters older than the longest window that lock nothing. */
  async prune(): Promise<number> {
    const now = this.clock.now();
    const oldest = Math.max(this.address.windowMs, this.account.windowMs);
    return this.repository.deleteStale(new Date(now - oldest), new Date(now));
  }

  private secondsUntil(until: Date): number {
    return Math.max(1, Math.ceil((until.getTime() - this.clock.now()) / 1000));
  }
}
