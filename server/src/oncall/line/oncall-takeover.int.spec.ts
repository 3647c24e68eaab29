import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AgiServer } from '../../agi';
import { ScryptPasswordHasher } from '../../auth';
import { OffsetClock } from '../../lib/clock';
import type { Pool } from '../../db';
import { OnCallAuditRepository } from '../audit/oncall-audit.repository';
import { createOnCallTakeoverAgi, ONCALL_TAKEOVER_SCRIPT } from './oncall-takeover.agi';
import type { OnCallTakeoverService } from './oncall-takeover.service';
import { createOnCallModule, type OnCallModule } from '../oncall.module';
import { OnCallRepository } from './oncall.repository';
import { RecordingNotifier, RecordingRouting } from '../testing/fake-oncall';
import { createOnCallTestDb, type OnCallTestDb } from '../testing/oncall-test-db';
import { dialTakeover, type TakeoverCallScript } from './testing/takeover-caller';

const logger = pino({ level: 'silent' });
const PEPPER = 'integration-pepper-0123456789';
const cheapScrypt = new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });
const MINUTE = 60_000;

let testDb: OnCallTestDb;
let pool: Pool;
let store: OnCallRepository;
let audit: OnCallAuditRepository;
let clock: OffsetClock;
let routing: RecordingRouting;
let notifier: RecordingNotifier;
let server: AgiServer;
let port: number;
let ids: { service: number; strict: number; alice: number; bob: number };

/** What the composition root does at start-up; called again to simulate a restart. */
function startModule(): OnCallModule {
  return createOnCallModule({ pool, clock, logger, pinPepper: PEPPER, routing, notifier, passwordHasher: cheapScrypt });
}

beforeAll(async () => {
  testDb = await createOnCallTestDb(logger);
  pool = testDb.pool;
  store = new OnCallRepository(pool);
  audit = new OnCallAuditRepository(pool);
  clock = new OffsetClock();
  server = new AgiServer({ logger, port: 0 });
  // The handler looks the service up per call, so a test can swap in a fresh one ("restart").
  server.register(ONCALL_TAKEOVER_SCRIPT, (channel) => createOnCallTakeoverAgi(currentService)(channel));
  port = (await server.listen()).port;
});

let currentService: OnCallTakeoverService;

afterAll(async () => {
  await server?.close();
  await testDb?.drop();
});

beforeEach(async () => {
  const connection = await pool.getConnection();
  try {
    await connection.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const table of ['oncall_audit', 'oncall_periods', 'oncall_member_divisions', 'oncall_members', 'oncall_divisions']) {
      await connection.query(`TRUNCATE TABLE ${table}`);
    }
    await connection.query('SET FOREIGN_KEY_CHECKS = 1');
  } finally {
    connection.release();
  }
  routing = new RecordingRouting();
  notifier = new RecordingNotifier();
  const module = startModule();
  currentService = module.takeover;
  const members = module.members;
  const service = await store.insertDivision({ name: 'Service', oncallLine: '7000' });
  const strict = await store.insertDivision({ name: 'Strict', allowPinOnly: false });
  const alice = await members.registerMember({ name: 'Alice', phone: '1001', pin: '123456', divisionIds: [service, strict] }, 'test');
  const bob = await members.registerMember({ name: 'Bob', phone: '+4930123456', pin: '567890', divisionIds: [service] }, 'test');
  ids = { service, strict, alice, bob };
});

function dial(script: Omit<TakeoverCallScript, 'port'>) {
  return dialTakeover({ port, ...script });
}

async function auditEvents(): Promise<string[]> {
  return (await audit.list({})).filter((row) => row.eventType !== 'member_created').map((row) => row.eventType);
}

describe('oncall-takeover over FastAGI against MariaDB', () => {
  it('takes the division over with the right PIN and says the number now on call', async () => {
    const call = await dial({ callerId: '1001', pins: ['123456'] });

    expect(call.sounds).toEqual(['agent-pass', 'auth-thankyou']);
    expect(call.saidDigits).toEqual(['1001']);
    expect(call.variables.ONCALL_RESULT).toBe('ok');
    expect(call.commands[0]).toEqual(['ANSWER']);
    const periods = await store.listPeriods(ids.service);
    expect(periods).toMatchObject([{ memberId: ids.alice, phone: '1001', source: 'phone_pin', endedAt: null }]);
    expect(routing.published).toEqual([{ divisionId: ids.service, phone: '1001' }]);
    expect(notifier.changes).toMatchObject([{ divisionId: ids.service, memberId: ids.alice, previous: null }]);
    const rows = (await audit.list({ divisionId: ids.service })).map((row) => [row.eventType, row.memberId, row.callerId]);
    expect(rows).toEqual([
      ['successful_auth', ids.alice, '1001'],
      ['on_call_update', ids.alice, '1001'],
    ]);
    const [, update] = await audit.list({ divisionId: ids.service });
    expect(update?.details).toMatchObject({ periodId: periods[0]?.id, previousPeriodId: null, phone: '1001' });
    expect(update?.channelOrIp).toMatch(/^PJSIP\/test-/);
  });

  it('ends the previous period when another member takes over, and accepts digits typed during the prompt', async () => {
    await dial({ callerId: '1001', pins: ['123456'] });
    const call = await dial({ callerId: '0049 30 123456', pins: ['567890'], typeDuringPrompt: true });

    expect(call.saidDigits).toEqual(['4930123456']);
    const periods = await store.listPeriods(ids.service);
    expect(periods.map((period) => [period.memberId, period.endedAt !== null, period.endedBy])).toEqual([
      [ids.alice, true, `member:${ids.bob}`],
      [ids.bob, false, null],
    ]);
    expect(notifier.changes[1]).toMatchObject({ memberId: ids.bob, previous: { memberId: ids.alice, phone: '1001' } });
  });

  it('refuses a wrong PIN three times, then says goodbye and hangs up', async () => {
    const call = await dial({ callerId: '1001', pins: ['0000', '1111', '2222'] });

    expect(call.sounds).toEqual([
      'agent-pass',
      'auth-incorrect',
      'agent-pass',
      'auth-incorrect',
      'agent-pass',
      'auth-incorrect',
      'vm-goodbye',
    ]);
    expect(call.variables.ONCALL_RESULT).toBe('failed');
    expect(call.serverHungUp).toBe(true);
    expect(await auditEvents()).toEqual(['failed_auth', 'failed_auth', 'failed_auth']);
    expect(await store.listPeriods(ids.service)).toEqual([]);
    expect(routing.published).toEqual([]);
  });

  it('locks the caller out after 5 failures, across calls and a restart, for 15 minutes', async () => {
    await dial({ callerId: '1001', pins: ['0000', '0001', '0002'] });
    const second = await dial({ callerId: '1001', pins: ['0003', '0004', '123456'] });
    expect(second.variables.ONCALL_RESULT).toBe('locked');
    expect(second.sounds.filter((sound) => sound === 'agent-pass')).toHaveLength(2);

    currentService = startModule().takeover; // a restart: nothing is kept in memory
    const refused = await dial({ callerId: '1001', pins: ['123456'] });
    expect(refused.variables.ONCALL_RESULT).toBe('locked');
    expect(refused.sounds).not.toContain('agent-pass');
    // Alice's member lock also holds when the PIN alone would identify her from another phone.
    const spoofed = await dial({ callerId: '1002', pins: ['123456'] });
    expect(spoofed.variables.ONCALL_RESULT).toBe('locked');

    const locks = (await audit.list({})).filter((row) => row.eventType === 'locked_out');
    expect(locks.map((row) => row.details?.lock).sort()).toEqual(['caller', 'member']);
    expect(await auditEvents()).toEqual([
      ...Array<string>(5).fill('failed_auth'),
      'locked_out',
      'locked_out',
      'rejected_while_locked',
      'rejected_while_locked',
    ]);

    clock.advance(15 * MINUTE + 1);
    const later = await dial({ callerId: '1001', pins: ['123456'] });
    expect(later.variables.ONCALL_RESULT).toBe('ok');
    expect(await store.listPeriods(ids.service)).toHaveLength(1);
  });

  it('a per-division budget stops PIN-only guessing across caller IDs, across a restart; caller-ID members still get in', async () => {
    for (let caller = 0; caller < 4; caller++) {
      await dial({ callerId: `+1555000${caller}`, pins: ['000000', '000001', '000002'] });
    }
    currentService = startModule().takeover; // a restart: the count and the lock live in MariaDB
    const refused = await dial({ callerId: '+15559999999', pins: ['567890'] });
    expect(refused.variables.ONCALL_RESULT).toBe('locked');
    const locks = (await audit.list({})).filter((row) => row.eventType === 'locked_out');
    expect(locks.map((row) => [row.details?.lock, row.divisionId])).toEqual([['division', ids.service]]);
    expect((await dial({ callerId: '1001', pins: ['123456'] })).variables.ONCALL_RESULT).toBe('ok');
  });

  it('identifies an unknown caller by PIN where allowed, and refuses them where not', async () => {
    const allowed = await dial({ callerId: '+15550001111', pins: ['567890'] });
    expect(allowed.variables.ONCALL_RESULT).toBe('ok');
    expect(allowed.saidDigits).toEqual(['4930123456']);

    const refused = await dial({ callerId: '+15550001111', target: `oncall-takeover?division=${ids.strict}`, pins: ['123456'] });
    expect(refused.variables.ONCALL_RESULT).toBe('unknown_caller');
    expect(refused.sounds).toEqual(['vm-goodbye']);
    expect(await store.listPeriods(ids.strict)).toEqual([]);
    const last = (await audit.list({ divisionId: ids.strict })).at(-1);
    expect(last).toMatchObject({ eventType: 'unknown_caller', callerId: '+15550001111' });
  });

  it('refuses a call for a division that does not exist or is not given', async () => {
    expect((await dial({ callerId: '1001', target: 'oncall-takeover?division=999', pins: [] })).variables.ONCALL_RESULT).toBe(
      'no_division',
    );
    expect((await dial({ callerId: '1001', target: 'oncall-takeover', pins: [] })).variables.ONCALL_RESULT).toBe('no_division');
  });

  it('ends cleanly and audits when the caller hangs up during the PIN', async () => {
    const call = await dial({ callerId: '1001', pins: ['hang up'] });

    expect(call.serverHungUp).toBe(false);
    expect(call.variables).toEqual({});
    expect(await store.listPeriods(ids.service)).toEqual([]);
    const rows = (await audit.list({ divisionId: ids.service })).map((row) => [row.eventType, row.details?.stage]);
    expect(rows).toEqual([['call_abandoned', 'pin']]);
  });

  it('lets exactly one of two members win when both take over the same division at the same instant', async () => {
    await dial({ callerId: '1001', pins: ['123456'] }); // someone is on call already
    routing.published.length = 0;
    // Both calls reach the PIN prompt before either answers it, so both saw the same current period.
    let arrived = 0;
    let release!: () => void;
    const bothAtPrompt = new Promise<void>((resolve) => (release = resolve));
    const barrier = async () => {
      arrived += 1;
      if (arrived === 2) release();
      await bothAtPrompt;
    };
    const [alice, bob] = await Promise.all([
      dial({ callerId: '1001', pins: ['123456'], beforePin: barrier }),
      dial({ callerId: '+4930123456', pins: ['567890'], beforePin: barrier }),
    ]);

    const results = [alice.variables.ONCALL_RESULT, bob.variables.ONCALL_RESULT].sort();
    expect(results).toEqual(['conflict', 'ok']);
    const periods = await store.listPeriods(ids.service);
    expect(periods).toHaveLength(2);
    expect(periods.filter((period) => period.endedAt === null)).toHaveLength(1);
    const events = (await audit.list({ divisionId: ids.service })).slice(2).map((row) => row.eventType).sort();
    expect(events).toEqual(['on_call_conflict', 'on_call_update', 'successful_auth', 'successful_auth']);
    expect(routing.published).toHaveLength(1);
  });
});

describe('OnCallRepository.change', () => {
  it('commits exactly one of many simultaneous takeovers that expect the same period', async () => {
    const at = new Date(clock.now());
    const attempts = [ids.alice, ids.bob, ids.alice, ids.bob].map((memberId) =>
      store.change({
        divisionId: ids.service,
        to: { memberId, phone: `phone-${memberId}` },
        source: 'api',
        expectedPeriodId: null,
        at,
        endedBy: `member:${memberId}`,
        audit: { callerId: null, channelOrIp: '127.0.0.1' },
      }),
    );
    const outcomes = (await Promise.all(attempts)).map((result) => result.outcome);
    expect(outcomes.filter((outcome) => outcome === 'changed')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'conflict')).toHaveLength(3);
    expect(await store.listPeriods(ids.service)).toHaveLength(1);
    expect(await auditEvents()).toEqual(['on_call_update']);
  });

  it('a release cannot undo a takeover that committed after the releaser read the current period', async () => {
    const at = new Date(clock.now());
    const base = { divisionId: ids.service, at, audit: { callerId: null, channelOrIp: null } };
    const first = await store.change({ ...base, to: { memberId: ids.alice, phone: '1001' }, source: 'schedule', expectedPeriodId: null, endedBy: 'schedule' });
    if (first.outcome !== 'changed' || !first.period) throw new Error('expected the first takeover to commit');
    // The scheduler reads Alice's period and decides nobody is scheduled ...
    const seenByScheduler = await store.currentPeriod(ids.service);
    // ... meanwhile Bob takes over by phone ...
    const takeover = await store.change({ ...base, to: { memberId: ids.bob, phone: '+4930123456' }, source: 'phone_pin', expectedPeriodId: first.period.id, endedBy: `member:${ids.bob}` });
    expect(takeover.outcome).toBe('changed');
    // ... and the release, based on what it read, must lose.
    const release = await store.change({ ...base, to: null, source: 'schedule', expectedPeriodId: seenByScheduler?.id ?? null, endedBy: 'schedule' });
    expect(release.outcome).toBe('conflict');
    expect((await store.currentPeriod(ids.service))?.memberId).toBe(ids.bob);
  });

  it('a release based on the current period ends it and opens none', async () => {
    const at = new Date(clock.now());
    const base = { divisionId: ids.service, at, audit: { callerId: null, channelOrIp: null } };
    const first = await store.change({ ...base, to: { memberId: ids.alice, phone: '1001' }, source: 'panel', expectedPeriodId: null, endedBy: 'x' });
    if (first.outcome !== 'changed' || !first.period) throw new Error('expected the takeover to commit');
    expect(await store.change({ ...base, to: null, source: 'panel', expectedPeriodId: first.period.id, endedBy: 'user:1' })).toMatchObject({ outcome: 'changed', period: null, previous: { id: first.period.id } });
    expect(await store.currentPeriod(ids.service)).toBeNull();
  });

  it('reads audit details through a schema: a JSON value that is not an object reads as no details', async () => {
    await pool.query("INSERT INTO oncall_audit (event_type, details, created_at) VALUES ('nobody_on_call', '[1,2]', NOW(3)), ('nobody_on_call', '{\"a\":1}', NOW(3))");
    const rows = (await audit.list({})).filter((row) => row.eventType === 'nobody_on_call');
    expect(rows.map((row) => row.details)).toEqual([null, { a: 1 }]);
    expect(rows[0]?.createdAt).toBeInstanceOf(Date);
  });

  it('refuses a second open period for one division at the database level', async () => {
    const insert = () =>
      pool.query("INSERT INTO oncall_periods (division_id, phone, started_at, source) VALUES (?, '1', NOW(3), 'api')", [
        ids.service,
      ]);
    await insert();
    await expect(insert()).rejects.toThrow(/Duplicate entry/);
  });
});
