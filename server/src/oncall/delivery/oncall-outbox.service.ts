import { createHmac, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock';
import type { DivisionConfig } from '../directory/oncall-admin.repository';
import type { OnCallNotificationsRepository, OutboxNotification } from './oncall-notifications.repository';
import type { OnCallAuditLog, OnCallChange, OnCallNotifier } from '../oncall.ports';
import { runDetached } from '../../lib/detached';
import type { WebhookSender } from './webhook-http.repository';

export const SIGNATURE_HEADER = 'X-OnDeck-Signature';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

export interface OutboxRules {
  /** Give up this long after the change (24 h). */
  maxAgeMs: number;
  /** First retry delay; doubles per attempt up to maxDelayMs, then jittered down by up to half. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a claimed row is reserved for the worker sending it. */
  claimMs: number;
  batchSize: number;
}

export const DEFAULT_OUTBOX_RULES: OutboxRules = {
  maxAgeMs: 24 * 60 * 60_000,
  baseDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  claimMs: 60_000,
  batchSize: 20,
};

export interface OutboxDeps {
  outbox: OnCallNotificationsRepository;
  divisions: { findDivision(id: number): Promise<DivisionConfig | null> };
  sender: WebhookSender;
  audit: OnCallAuditLog;
  clock: Clock;
  logger: Logger;
  rules?: OutboxRules;
  /** 0 ≤ n < 1; tests pass a fixed value. */
  random?: () => number;
  newKey?: () => string;
}

/** The JSON body receivers get. */
export function notificationPayload(change: OnCallChange): string {
  return JSON.stringify({
    division: { id: change.divisionId, name: change.divisionName },
    member: change.memberId === null ? null : { id: change.memberId, name: change.memberName },
    phone: change.phone,
    since: change.at.toISOString(),
    source: change.source,
    previous: change.previous,
  });
}

/** `sha256=<hex HMAC of the body>`; receivers recompute it with the division's secret. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The headers for one delivery; auth is `header` (`Name: value`), `bearer` (token) or `basic` (`user:password`). */
export function webhookHeaders(division: DivisionConfig, key: string, body: string): Record<string, string> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', [IDEMPOTENCY_HEADER]: key, 'User-Agent': 'OnDeck-OnCall' };
  if (division.webhookSecret) headers[SIGNATURE_HEADER] = signBody(division.webhookSecret, body);
  const auth = division.webhookAuth;
  if (auth) {
    if (division.webhookAuthKind === 'bearer') headers.Authorization = `Bearer ${auth}`;
    if (division.webhookAuthKind === 'basic') headers.Authorization = `Basic ${Buffer.from(auth).toString('base64')}`;
    if (division.webhookAuthKind === 'header') {
      const colon = auth.indexOf(':');
      if (colon > 0) headers[auth.slice(0, colon).trim()] = auth.slice(colon + 1).trim();
    }
  }
  return headers;
}

/**
 * Webhook delivery through a durable outbox: a change is written to oncall_notifications and sent
 * by a worker that retries with exponential backoff and jitter for up to 24 h. Rows survive a
 * restart; each carries an Idempotency-Key so a receiver can drop a repeat.
 */
export class OnCallOutbox implements OnCallNotifier {
  private readonly rules: OutboxRules;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(private readonly deps: OutboxDeps) {
    this.rules = deps.rules ?? DEFAULT_OUTBOX_RULES;
  }

  /** Queues the change for the division's webhook; nothing when it has none. */
  async onCallChanged(change: OnCallChange): Promise<void> {
    const division = await this.deps.divisions.findDivision(change.divisionId);
    if (!division?.webhookUrl) return;
    const key = (this.deps.newKey ?? randomUUID)();
    await this.deps.outbox.insert({ idempotencyKey: key, divisionId: change.divisionId, payload: notificationPayload(change), at: this.now() });
    runDetached(this.deps.logger, 'the on-call webhook outbox run', () => this.runOnce());
  }

  /** Sends every due notification once; returns how many were delivered. Overlapping calls share one run. */
  runOnce(): Promise<number> {
    this.running ??= this.drain().finally(() => (this.running = null));
    return this.running;
  }

  /** Polls the outbox every `intervalMs`. */
  start(intervalMs = 5_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      runDetached(this.deps.logger, 'the on-call webhook outbox run', () => this.runOnce());
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops polling and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** The delay before attempt number `attempts + 1` (attempts already made ≥ 1). */
  retryDelay(attempts: number): number {
    const full = Math.min(this.rules.baseDelayMs * 2 ** Math.max(attempts - 1, 0), this.rules.maxDelayMs);
    return Math.round(full * (0.5 + 0.5 * (this.deps.random ?? Math.random)()));
  }

  private async drain(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const now = this.now();
      const batch = await this.deps.outbox.claimDue(now, new Date(now.getTime() + this.rules.claimMs), this.rules.batchSize);
      if (batch.length === 0) return delivered;
      for (const notification of batch) if (await this.deliver(notification)) delivered += 1;
    }
  }

  private async deliver(notification: OutboxNotification): Promise<boolean> {
    const logger = this.deps.logger.child({ divisionId: notification.divisionId, notificationId: notification.id, key: notification.idempotencyKey });
    const division = await this.deps.divisions.findDivision(notification.divisionId);
    let httpStatus: number | null = null;
    let problem: string;
    if (!division?.webhookUrl) {
      problem = 'the division or its webhook URL was removed';
    } else {
      try {
        const response = await this.deps.sender.post(division.webhookUrl, webhookHeaders(division, notification.idempotencyKey, notification.payload), notification.payload);
        httpStatus = response.status;
        if (response.status >= 200 && response.status < 300) {
          await this.deps.outbox.markDelivered(notification.id, this.now(), response.status);
          logger.info({ division: division.name, attempts: notification.attempts + 1 }, 'on-call webhook delivered');
          return true;
        }
        problem = `the receiver answered HTTP ${response.status}`;
      } catch (error) {
        problem = `the request failed: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    await this.scheduleRetryOrFail(notification, problem, httpStatus, logger);
    return false;
  }

  private async scheduleRetryOrFail(notification: OutboxNotification, problem: string, httpStatus: number | null, logger: Logger): Promise<void> {
    const now = this.now();
    const next = new Date(now.getTime() + this.retryDelay(notification.attempts + 1));
    const deadline = notification.createdAt.getTime() + this.rules.maxAgeMs;
    if (next.getTime() <= deadline) {
      await this.deps.outbox.markRetry(notification.id, next, problem, httpStatus);
      logger.warn({ problem, attempts: notification.attempts + 1, next }, 'on-call webhook not delivered; will retry');
      return;
    }
    await this.deps.outbox.markFailed(notification.id, problem, httpStatus);
    await this.deps.audit.append(
      {
        eventType: 'notification_failed',
        memberId: null,
        divisionId: notification.divisionId,
        callerId: null,
        channelOrIp: null,
        details: { notificationId: notification.id, idempotencyKey: notification.idempotencyKey, attempts: notification.attempts + 1, lastError: problem },
      },
      now,
    );
    logger.error({ problem, attempts: notification.attempts + 1 }, 'on-call webhook given up after 24 hours; see GET /api/oncall/notifications');
  }

  private now(): Date {
    return new Date(this.deps.clock.now());
  }
}
