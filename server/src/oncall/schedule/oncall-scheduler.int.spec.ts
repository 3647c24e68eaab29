import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScryptPasswordHasher } from '../../auth';
import { ManualTimers } from '../../lib/testing/manual-timers';
import { OnCallScheduleRepository } from './oncall-schedule.repository';
import { createOnCallModule, type OnCallModule } from '../oncall.module';
import { RecordingNotifier, RecordingRouting } from '../testing/fake-oncall';
import { createOnCallTestDb, type OnCallTestDb } from '../testing/oncall-test-db';

const logger = pino({ level: 'silent' });
const MON = 1;
const THU = 4;

let testDb: OnCallTestDb;
let oncall: OnCallModule;
let schedules: OnCallScheduleRepository;
/** A clock the test sets; nothing waits for real time. */
const clock = new ManualTimers(0);
const routing = new RecordingRouting();
const notifier = new RecordingNotifier();
let ids: { night: number; alice: number; bob: number };

beforeAll(async () => {
  testDb = await createOnCallTestDb(logger);
  oncall = createOnCallModule({
    pool: testDb.pool,
    clock,
    logger,
    pinPepper: 'scheduler-pepper-0123456789',
    outbound: { allowPrivate: false, allowLoopback: true }, // the calendar server runs on loopback
    routing,
    notifier,
    passwordHasher: new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }),
    verifyPassword: async () => true,
  });
  schedules = new OnCallScheduleRepository(testDb.pool);
  clock.set('2026-03-01T00:00:00Z');
  const night = await oncall.repository.insertDivision({ name: 'Night', fallbackNumber: '1999' });
  const alice = await oncall.members.registerMember({ name: 'Alice', phone: '1001', pin: '1234', divisionIds: [night] }, 'test');
  const bob = await oncall.members.registerMember({ name: 'Bob', phone: '1002', pin: '5678', divisionIds: [night] }, 'test');
  ids = { night, alice, bob };
});

afterAll(async () => {
  await testDb?.drop();
});

async function current(): Promise<{ memberId: number | null; source: string } | null> {
  return oncall.repository.currentPeriod(ids.night);
}

describe('on-call scheduler against MariaDB', () => {
  it('hands over at the rotation times, in the division time zone', async () => {
    await schedules.saveSchedule(
      ids.night,
      {
        enabled: true,
        timeZone: 'Europe/Stockholm',
        calendarUrl: null,
        rotation: { anchor: '2026-03-02', handovers: [{ weekday: MON, time: '08:00', memberIds: [ids.alice] }, { weekday: THU, time: '17:00', memberIds: [ids.bob] }] },
      },
      new Date(clock.now()),
    );
    clock.set('2026-03-26T15:59:00Z');
    await oncall.scheduler.applyAll();
    expect(await current()).toMatchObject({ memberId: ids.alice, source: 'schedule' });
    clock.set('2026-03-26T16:00:00Z');
    await oncall.scheduler.applyAll();
    expect(await current()).toMatchObject({ memberId: ids.bob, source: 'schedule' });
    expect(routing.published.at(-1)).toEqual({ divisionId: ids.night, phone: '1002' });
    expect(notifier.changes.at(-1)).toMatchObject({ memberId: ids.bob, source: 'schedule', previous: { memberId: ids.alice } });
  });

  it('a panel takeover holds as an override until the next handover, then the schedule takes over again', async () => {
    clock.set('2026-03-27T10:00:00Z');
    await oncall.panel.takeOver(ids.night, { id: 1, username: 'admin', role: 'admin', ip: '127.0.0.1' }, { memberId: ids.alice, password: 'x' });
    clock.set('2026-03-28T12:00:00Z');
    await oncall.scheduler.applyAll();
    expect(await current()).toMatchObject({ memberId: ids.alice, source: 'panel' });
    const overrides = await schedules.overrides(ids.night, new Date('2026-03-27T00:00:00Z'), new Date('2026-04-30T00:00:00Z'));
    // The next handover after Fri 27 Mar is Mon 30 Mar 08:00 CEST.
    expect(overrides).toMatchObject([{ memberId: ids.alice, start: new Date('2026-03-27T10:00:00Z'), end: new Date('2026-03-30T06:00:00Z') }]);
    // Past the override's end Alice is scheduled anyway: the line is left as it is, not churned.
    clock.set('2026-04-02T14:59:00Z');
    await oncall.scheduler.applyAll();
    expect(await current()).toMatchObject({ memberId: ids.alice });
    clock.set('2026-04-02T15:00:00Z');
    await oncall.scheduler.applyAll();
    expect(await current()).toMatchObject({ memberId: ids.bob, source: 'schedule' });
  });

  it('nobody scheduled: releases to the fallback and alerts once', async () => {
    await schedules.saveSchedule(ids.night, { enabled: true, timeZone: 'Europe/Stockholm', calendarUrl: null, rotation: null }, new Date(clock.now()));
    await oncall.scheduler.applyAll();
    await oncall.scheduler.applyAll();
    expect(await current()).toBeNull();
    expect(routing.published.at(-1)).toEqual({ divisionId: ids.night, phone: null });
    const alerts = await oncall.audit.search({ eventType: 'nobody_on_call', divisionId: ids.night, limit: 10, offset: 0 });
    expect(alerts.total).toBe(1);
  });

  it("the schedule's nobody-release cannot end a takeover that committed after it read the current period", async () => {
    const at = new Date(clock.now());
    const base = { divisionId: ids.night, at, audit: { callerId: null, channelOrIp: null } };
    const bob = await oncall.repository.change({ ...base, to: { memberId: ids.bob, phone: '1002' }, source: 'api', expectedPeriodId: null, endedBy: 'test' });
    if (bob.outcome !== 'changed' || !bob.period) throw new Error('expected Bob on call');
    const bobPeriod = bob.period.id;
    const read = oncall.repository.currentPeriod.bind(oncall.repository);
    let raced = false;
    // Right after the scheduler reads Bob's period, Alice takes over (another process, say).
    oncall.repository.currentPeriod = async (divisionId) => {
      const seen = await read(divisionId);
      if (!raced) {
        raced = true;
        await oncall.repository.change({ ...base, to: { memberId: ids.alice, phone: '1001' }, source: 'api', expectedPeriodId: bobPeriod, endedBy: 'test' });
      }
      return seen;
    };
    try {
      await oncall.scheduler.applyAll();
    } finally {
      oncall.repository.currentPeriod = read;
    }
    expect(raced).toBe(true);
    expect(await current()).toMatchObject({ memberId: ids.alice });
  });

  it('a restart while the calendar server is down keeps the last good calendar', async () => {
    const roster = readFileSync(new URL('./testing/ics/rotation-stockholm.ics', import.meta.url), 'utf8');
    let up = true;
    const calendarServer = createServer((_req, res) => (up ? res.writeHead(200, { ETag: '"r1"' }).end(roster) : res.writeHead(503).end()));
    await new Promise<void>((resolve) => calendarServer.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(calendarServer.address() as AddressInfo).port}/roster.ics`;
      const division = await oncall.repository.insertDivision({ name: 'Calendar' });
      const alice = await oncall.members.registerMember({ name: 'Alice Andersson', phone: '1003', pin: '2222', divisionIds: [division] }, 'test');
      await schedules.saveSchedule(division, { enabled: true, timeZone: 'Europe/Stockholm', calendarUrl: url, rotation: null }, new Date(clock.now()));
      clock.set('2026-03-24T12:00:00Z');
      await oncall.scheduler.refreshCalendars();

      up = false;
      const restarted = createOnCallModule({
        pool: testDb.pool, clock, logger, pinPepper: 'scheduler-pepper-0123456789', routing, notifier, outbound: { allowPrivate: false, allowLoopback: true },
        passwordHasher: new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }),
      });
      await restarted.scheduler.refreshCalendars();
      await restarted.scheduler.applyAll();
      expect(await oncall.repository.currentPeriod(division)).toMatchObject({ memberId: alice, source: 'schedule' });
      const failures = await oncall.audit.search({ eventType: 'calendar_fetch_failed', divisionId: division, limit: 5, offset: 0 });
      expect(failures.items[0]?.details).toMatchObject({ keptLastGood: true });
    } finally {
      await new Promise<void>((resolve) => calendarServer.close(() => resolve()));
    }
  });
});
