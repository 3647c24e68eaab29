import { systemClock, type Clock } from '../lib/clock';

/** A token bucket: `capacity` actions at once, refilled at `perSecond`. */
export interface BucketRule {
  capacity: number;
  perSecond: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Limits panel actions per socket and per user (all of a user's sockets share one bucket in
 * this process). A person clicking never meets it; a script flooding the socket is refused
 * with the seconds to wait. Buckets that refilled completely are dropped, so the maps hold
 * only people acting right now.
 */
export class ActionRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly rules: { socket: BucketRule; user: BucketRule },
    private readonly clock: Clock = systemClock,
  ) {}

  /** Takes one action from both buckets, or returns the seconds until one is allowed. */
  take(socketId: string, userId: number): { ok: true } | { ok: false; retryAfter: number } {
    const now = this.clock.now();
    const socketKey = `socket:${socketId}`;
    const userKey = `user:${userId}`;
    const socket = this.refill(socketKey, this.rules.socket, now);
    const user = this.refill(userKey, this.rules.user, now);
    if (socket.tokens < 1 || user.tokens < 1) {
      const wait = Math.max(this.waitFor(socket, this.rules.socket), this.waitFor(user, this.rules.user));
      return { ok: false, retryAfter: Math.max(1, Math.ceil(wait)) };
    }
    socket.tokens -= 1;
    user.tokens -= 1;
    return { ok: true };
  }

  forgetSocket(socketId: string): void {
    this.buckets.delete(`socket:${socketId}`);
  }

  private refill(key: string, rule: BucketRule, now: number): Bucket {
    const bucket = this.buckets.get(key) ?? { tokens: rule.capacity, at: now };
    bucket.tokens = Math.min(rule.capacity, bucket.tokens + ((now - bucket.at) / 1000) * rule.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    this.prune(now);
    return bucket;
  }

  private waitFor(bucket: Bucket, rule: BucketRule): number {
    return bucket.tokens >= 1 ? 0 : (1 - bucket.tokens) / rule.perSecond;
  }

  /** Drops full buckets now and then, so idle people cost nothing. */
  private prune(now: number): void {
    if (this.buckets.size < 1000) return;
    for (const [key, bucket] of this.buckets) {
      const rule = key.startsWith('socket:') ? this.rules.socket : this.rules.user;
      if (bucket.tokens + ((now - bucket.at) / 1000) * rule.perSecond >= rule.capacity) this.buckets.delete(key);
    }
  }
}

/** Defaults: 10 at once and 5 a second per socket, 20 at once and 10 a second per user. */
export const DEFAULT_ACTION_LIMITS = { socket: { capacity: 10, perSecond: 5 }, user: { capacity: 20, perSecond: 10 } } as const;
