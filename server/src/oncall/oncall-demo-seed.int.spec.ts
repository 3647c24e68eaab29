import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScryptPasswordHasher } from '../auth';
import type { Clock } from '../lib/clock';
import { DEMO_ONCALL } from '../demo';
import { seedDemoOnCall } from './oncall-demo-seed';
import { createOnCallModule, type OnCallModule } from './oncall.module';
import { RecordingNotifier, RecordingRouting } from './testing/fake-oncall';
import { createOnCallTestDb, type OnCallTestDb } from './testing/oncall-test-db';

const logger = pino({ level: 'silent' });
const clock: Clock & { at: number } = { at: Date.parse('2026-03-04T12:00:00Z'), now: () => clock.at };

let testDb: OnCallTestDb;
let oncall: OnCallModule;

beforeAll(async () => {
  testDb = await createOnCallTestDb(logger);
  oncall = createOnCallModule({
    pool: testDb.pool,
    clock,
    logger,
    pinPepper: 'demo-seed-pepper-0123456789',
    routing: new RecordingRouting(),
    notifier: new RecordingNotifier(),
    passwordHasher: new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }),
  });
});

afterAll(async () => {
  await testDb?.drop();
});

const seed = (): Promise<boolean> =>
  seedDemoOnCall({ directory: oncall.directory, schedules: oncall.schedules, userIdOf: async () => null, now: new Date(clock.now()), timeZone: 'Europe/Stockholm' });

describe('the demo on-call division', () => {
  it('has the demo people as members, a weekly rotation and someone on call from the start', async () => {
    expect(await seed()).toBe(true);
    const [division] = await oncall.directory.listDivisions();
    expect(division).toMatchObject({ name: DEMO_ONCALL.division, fallbackNumber: '1001' });
    const divisionId = division?.id ?? 0;
    const members = await oncall.repository.listDivisionMembers(divisionId);
    expect(members.map((m) => m.name).sort()).toEqual(['Alex Agent', 'Blair Agent', 'Sam Supervisor']);
    const schedule = await oncall.schedules.load(divisionId);
    expect(schedule.enabled).toBe(true);
    expect(schedule.rotation?.handovers.map((h) => [h.weekday, h.time])).toEqual([[1, '09:00'], [5, '17:00']]);
    // Wednesday noon: this week's Monday shift is running.
    const period = await oncall.repository.currentPeriod(divisionId);
    expect(period?.memberId).toBeTypeOf('number');
    expect(members.map((m) => m.id)).toContain(period?.memberId);
  });

  it('leaves an existing on-call setup alone on the next start', async () => {
    expect(await seed()).toBe(false);
    expect(await oncall.directory.listDivisions()).toHaveLength(1);
  });
});
