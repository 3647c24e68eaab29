import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock } from '../../lib/clock';
import { OnCallAdminRepository } from '../directory/oncall-admin.repository';
import { OnCallAuditRepository } from '../audit/oncall-audit.repository';
import { OnCallNotificationsRepository } from './oncall-notifications.repository';
import { DEFAULT_OUTBOX_RULES, OnCallOutbox } from './oncall-outbox.service';
import type { OnCallChange } from '../oncall.ports';
import { createOnCallTestDb, type OnCallTestDb } from '../testing/oncall-test-db';
import { WebhookReceiver } from './testing/webhook-receiver';
import { OutboundHttp } from '../../outbound';
import { FetchWebhookSender } from './webhook-http.repository';

const logger = pino({ level: 'silent' });
const SECRET = 'receiver-secret-0123456789';
const HOUR = 3_600_000;

let testDb: OnCallTestDb;
let admin: OnCallAdminRepository;
let outboxRows: OnCallNotificationsRepository;
let audit: OnCallAuditRepository;
const clock = new OffsetClock();

/** The receivers here run on loopback, so these tests allow it explicitly. */
const loopbackAllowed = new OutboundHttp({ allowPrivate: false, allowLoopback: true });

/** One worker process: a fresh OnCallOutbox over the same database. */
function startWorker(sender = new FetchWebhookSender(2_000, loopbackAllowed)): OnCallOutbox {
  return new OnCallOutbox({ outbox: outboxRows, divisions: admin, sender, audit, clock, logger });
}

function change(divisionId: number, memberId: number): OnCallChange {
  return {
    divisionId,
    divisionName: 'Service',
    memberId,
    memberName: `Member ${memberId}`,
    phone: `10${memberId}`,
    source: 'phone_pin',
    at: new Date(clock.now()),
    previous: null,
  };
}

async function addDivision(name: string, webhookUrl: string): Promise<number> {
  return admin.insertDivision({
    name,
    oncallLine: null,
    fallbackNumber: null,
    allowPinOnly: true,
    webhookUrl,
    webhookAuthKind: 'bearer',
    webhookAuth: 'token-123',
    webhookSecret: SECRET,
  });
}

beforeAll(async () => {
  testDb = await createOnCallTestDb(logger);
  admin = new OnCallAdminRepository(testDb.pool);
  outboxRows = new OnCallNotificationsRepository(testDb.pool);
  audit = new OnCallAuditRepository(testDb.pool);
});

afterAll(async () => {
  await testDb?.drop();
});

describe('on-call webhook outbox against MariaDB and a real receiver', () => {
  it('delivers every change exactly once per idempotency key across 503s, refused connections and a restart', async () => {
    const receiver = new WebhookReceiver(SECRET);
    await receiver.start();
    const divisionId = await addDivision('Outage', receiver.url);

    receiver.mode = 'unavailable';
    const first = startWorker();
    for (const member of [1, 2, 3]) await first.onCallChanged(change(divisionId, member));
    await first.runOnce();
    expect(receiver.refusedAttempts).toBeGreaterThanOrEqual(3);
    expect(receiver.accepted.size).toBe(0);

    await receiver.goDown();
    clock.advance(HOUR);
    await first.onCallChanged(change(divisionId, 4));
    await first.runOnce();
    const pending = await outboxRows.list({ status: 'pending', limit: 50, offset: 0 });
    expect(pending.total).toBe(4);
    expect(pending.items.every((row) => row.attempts >= 1 && row.lastError !== null)).toBe(true);
    // The last try of each met a closed port: no HTTP status, the network error is kept.
    expect(pending.items.every((row) => row.lastStatus === null && /request failed/.test(row.lastError ?? ''))).toBe(true);
    // The "process" stops with everything still owed.
    await first.stop();

    const second = startWorker();
    await second.onCallChanged(change(divisionId, 5));
    await receiver.comeBack();
    receiver.mode = 'ok';
    clock.advance(2 * HOUR);
    await second.runOnce();
    await second.runOnce();
    await second.stop();

    const all = await outboxRows.list({ divisionId, limit: 50, offset: 0 });
    expect(all.total).toBe(5);
    const keys = all.items.map((row) => row.idempotencyKey);
    expect(new Set(keys).size).toBe(5);
    for (const key of keys) expect(receiver.accepted.has(key), `key ${key} delivered`).toBe(true);
    expect([...receiver.accepted.keys()].sort()).toEqual([...keys].sort());
    expect(receiver.duplicates).toBe(0);
    expect(all.items.every((row) => row.status === 'delivered' && row.deliveredAt !== null)).toBe(true);
    for (const delivery of receiver.accepted.values()) {
      expect(delivery.signatureValid).toBe(true);
      expect(delivery.authorization).toBe('Bearer token-123');
      expect(JSON.parse(delivery.body)).toMatchObject({ division: { id: divisionId }, source: 'phone_pin', previous: null });
    }
    await receiver.goDown();
  });

  it('gives up after 24 hours: status failed with the last error, audited notification_failed', async () => {
    const receiver = new WebhookReceiver(SECRET);
    await receiver.start();
    receiver.mode = 'unavailable';
    const divisionId = await addDivision('Never up', receiver.url);
    const worker = startWorker();
    await worker.onCallChanged(change(divisionId, 9));
    await worker.runOnce();
    for (let hours = 0; hours < 26; hours += 1) {
      clock.advance(HOUR);
      await worker.runOnce();
    }
    await worker.stop();
    const [row] = (await outboxRows.list({ divisionId, limit: 5, offset: 0 })).items;
    expect(row).toMatchObject({ status: 'failed', lastStatus: 503 });
    expect(row?.attempts).toBeGreaterThan(5);
    expect(row?.lastError).toMatch(/HTTP 503/);
    const failures = await audit.search({ eventType: 'notification_failed', divisionId, limit: 5, offset: 0 });
    expect(failures.total).toBe(1);
    expect(failures.items[0]?.details).toMatchObject({ notificationId: row?.id, idempotencyKey: row?.idempotencyKey });
    await receiver.goDown();
  });

  it('a receiver on an address the admin did not allow is never contacted and its row says only "address not allowed"', async () => {
    const receiver = new WebhookReceiver(SECRET);
    await receiver.start();
    receiver.mode = 'unavailable'; // were it reached, the row would show its 503
    const divisionId = await addDivision('Internal target', receiver.url);
    const worker = startWorker(new FetchWebhookSender(2_000)); // the default: no loopback, no private ranges
    await worker.onCallChanged(change(divisionId, 3));
    await worker.runOnce();
    await worker.stop();
    const [row] = (await outboxRows.list({ divisionId, limit: 5, offset: 0 })).items;
    expect(row?.lastError).toMatch(/address not allowed/);
    expect(row?.lastError).not.toMatch(/127\.0\.0\.1|HTTP|ECONNREFUSED/);
    expect(row?.lastStatus).toBeNull();
    expect(receiver.refusedAttempts).toBe(0);
    expect(receiver.accepted.size).toBe(0);
    await receiver.goDown();
  });

  it('a division without a webhook queues nothing', async () => {
    const divisionId = await admin.insertDivision({
      name: 'Quiet', oncallLine: null, fallbackNumber: null, allowPinOnly: true,
      webhookUrl: null, webhookAuthKind: 'none', webhookAuth: null, webhookSecret: null,
    });
    await startWorker().onCallChanged(change(divisionId, 1));
    expect((await outboxRows.list({ divisionId, limit: 5, offset: 0 })).total).toBe(0);
  });
});

describe('retry delays', () => {
  it('double per attempt up to the cap, jittered down by at most half', () => {
    const fixed = (random: number) => new OnCallOutbox({ outbox: outboxRows, divisions: admin, sender: new FetchWebhookSender(), audit, clock, logger, random: () => random });
    expect(fixed(0.9999999999).retryDelay(1)).toBe(DEFAULT_OUTBOX_RULES.baseDelayMs);
    expect(fixed(0.9999999999).retryDelay(3)).toBe(4 * DEFAULT_OUTBOX_RULES.baseDelayMs);
    expect(fixed(0).retryDelay(3)).toBe(2 * DEFAULT_OUTBOX_RULES.baseDelayMs);
    expect(fixed(0.9999999999).retryDelay(40)).toBe(DEFAULT_OUTBOX_RULES.maxDelayMs);
  });
});
