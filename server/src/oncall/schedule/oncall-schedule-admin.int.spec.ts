import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN, type TestServer } from '../../../test/harness';
import { startPbxStack, type PbxStack } from '../../../test/pbx-stack';
import type { RunningSimulator } from '../../../simulator';
import { WebhookReceiver, type ReceivedDelivery } from '../delivery/testing/webhook-receiver';
import { waitFor } from '../../../test/wait-for';

const ICS = readFileSync(new URL('./testing/ics/rotation-stockholm.ics', import.meta.url), 'utf8');
const SECONDLY = readFileSync(new URL('./testing/ics/never-ending-secondly.ics', import.meta.url), 'utf8');

interface ScheduleView {
  divisionId: number;
  enabled: boolean;
  timeZone: string;
  calendarUrl: string | null;
  rotation: { anchor: string; handovers: { weekday: number; time: string; memberIds: number[] }[] } | null;
  upload: { name: string | null; bytes: number } | null;
  calendarFetch: unknown;
  updatedAt: string | null;
}

interface CalendarOverride {
  id: number;
  memberId: number;
  source: string;
}

/** The parts of a webhook body (notificationPayload) these tests look at. */
interface WebhookBody {
  member: { id: number } | null;
  previous: { memberId: number | null } | null;
}

describe('on-call schedule administration (simulated Asterisk)', () => {
  let stack: PbxStack;
  let sim: RunningSimulator;
  let t: TestServer;
  let receiver: WebhookReceiver;
  let token = '';
  let agentToken = '';
  let night = 0;
  let day = 0;
  const ids = { alice: 0, bob: 0, carl: 0 };

  const api = (method: string, path: string, body?: unknown, as = token) => t.api(method, path, { token: as, ...(body === undefined ? {} : { body }) });
  const dbPuts = (): string[] =>
    sim.recordedActions.filter((a) => a.action === 'DBPut' && a.fields.Family === 'ONCALL' && a.fields.Key === String(night)).map((a) => a.fields.Val ?? '');

  beforeAll(async () => {
    receiver = new WebhookReceiver('webhook-secret-0123456789');
    await receiver.start();
    stack = await startPbxStack({ simulator: { extensions: ['1001', '1002', '1003'] } });
    ({ sim, server: t, adminToken: token } = stack);
    await t.createUser({ username: 'sched-agent', displayName: 'Agent', role: 'agent', extension: '7401', password: 'agent-password-1' });
    agentToken = (await t.login('sched-agent', 'agent-password-1')).accessToken;
    night = ((await api('POST', '/api/oncall/divisions', { name: 'Night', fallbackNumber: '1999', webhookUrl: receiver.url, webhookSecret: 'webhook-secret-0123456789' })).body as { id: number }).id;
    day = ((await api('POST', '/api/oncall/divisions', { name: 'Day', fallbackNumber: '2999' })).body as { id: number }).id;
    const member = async (name: string, phone: string, divisionIds: number[]) =>
      ((await api('POST', '/api/oncall/members', { name, phone, pin: '246810', divisionIds })).body as { id: number }).id;
    ids.alice = await member('Alice', '1001', [night]);
    ids.bob = await member('Bob', '1002', [night]);
    ids.carl = await member('Carl', '1003', [day]);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    await receiver?.goDown();
  });

  it('loads a division schedule for the editor: nothing yet, then the saved rotation and upload', async () => {
    const empty = await api('GET', `/api/oncall/divisions/${night}/schedule`);
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ divisionId: night, enabled: false, rotation: null, upload: null, calendarUrl: null });
    expect((await api('GET', `/api/oncall/divisions/${night}/schedule`, undefined, agentToken)).status).toBe(403);
    const unknown = await api('GET', '/api/oncall/divisions/999999/schedule');
    expect(unknown.status).toBe(404);
    expect((await api('GET', '/api/oncall/divisions/x/schedule')).status).toBe(400);

    // Bob holds a weekly shift from Monday 08:00 to the next Monday 08:00: always on duty.
    const rotation = { anchor: '2026-03-02', handovers: [{ weekday: 1, time: '08:00', memberIds: [ids.bob] }] };
    const saved = await api('PUT', `/api/oncall/divisions/${night}/schedule`, { enabled: true, timeZone: 'Europe/Stockholm', rotation, calendarIcs: ICS, calendarIcsName: 'roster.ics' });
    expect(saved.status).toBe(204);
    await waitFor(() => sim.world.astdb.get('ONCALL', String(night)) === '1002', 'the scheduled member in the AstDB');

    const loaded = (await api('GET', `/api/oncall/divisions/${night}/schedule`)).body as ScheduleView;
    expect(loaded).toMatchObject({ enabled: true, timeZone: 'Europe/Stockholm', rotation, upload: { name: 'roster.ics', bytes: Buffer.byteLength(ICS) }, calendarFetch: null });
    expect(Number.isNaN(Date.parse(loaded.updatedAt ?? ''))).toBe(false);

    // Saving without calendarIcs keeps the upload and its name.
    await api('PUT', `/api/oncall/divisions/${night}/schedule`, { enabled: true, timeZone: 'Europe/Stockholm', rotation });
    expect(((await api('GET', `/api/oncall/divisions/${night}/schedule`)).body as ScheduleView).upload?.name).toBe('roster.ics');
    const audit = await api('GET', `/api/oncall/audit?type=schedule_changed&division=${night}`);
    expect((audit.body as { items: { details: { action: string } }[] }).items.map((row) => row.details.action)).toEqual(['schedule_saved', 'schedule_saved']);

    // A calendar URL reports its polling (nothing downloaded yet); a schedule that is off still loads as saved.
    const url = 'http://127.0.0.1:9/day.ics';
    expect((await api('PUT', `/api/oncall/divisions/${day}/schedule`, { enabled: false, timeZone: 'UTC', calendarUrl: url })).status).toBe(204);
    expect((await api('GET', `/api/oncall/divisions/${day}/schedule`)).body).toMatchObject({ enabled: false, calendarUrl: url, calendarFetch: { lastGoodAt: null, lastFailure: null } });
  });

  it('removes an override: the schedule routes again at once (DBPut), audited, webhook told; others refused', async () => {
    expect((await api('POST', `/api/oncall/${night}/overrides`, { memberId: ids.alice })).status).toBe(201);
    await waitFor(() => sim.world.astdb.get('ONCALL', String(night)) === '1001', 'the override in the AstDB');
    const calendar = (await api('GET', `/api/oncall/${night}/calendar?days=7`, undefined, agentToken)).body as { overrides: CalendarOverride[] };
    expect(calendar.overrides).toMatchObject([{ memberId: ids.alice, source: 'manual' }]);
    const overrideId = calendar.overrides[0]?.id ?? 0;

    expect((await api('DELETE', `/api/oncall/${night}/overrides/${overrideId}`, undefined, agentToken)).status).toBe(403);
    const unknown = await api('DELETE', `/api/oncall/${night}/overrides/999999`);
    expect(unknown.status).toBe(404);
    expect((unknown.body as { error: { message: string } }).error.message).toMatch(/override was not found.*reload the calendar/);
    expect((await api('DELETE', `/api/oncall/${day}/overrides/${overrideId}`)).status).toBe(404);

    const putsBefore = dbPuts().length;
    expect((await api('DELETE', `/api/oncall/${night}/overrides/${overrideId}`)).status).toBe(204);
    expect(dbPuts().slice(putsBefore)).toEqual(['1002']);
    expect(sim.world.astdb.get('ONCALL', String(night))).toBe('1002');
    expect((await api('DELETE', `/api/oncall/${night}/overrides/${overrideId}`)).status).toBe(404);

    const after = (await api('GET', `/api/oncall/${night}/calendar?days=7`)).body as { overrides: CalendarOverride[] };
    expect(after.overrides).toEqual([]);
    const board = (await api('GET', '/api/oncall')).body as { divisionId: number; member: { id: number } | null; source: string }[];
    expect(board.find((entry) => entry.divisionId === night)).toMatchObject({ member: { id: ids.bob }, source: 'schedule' });

    const audit = await api('GET', `/api/oncall/audit?type=schedule_changed&division=${night}&limit=1`);
    expect((audit.body as { items: unknown[] }).items[0]).toMatchObject({ memberId: ids.alice, details: { action: 'override_removed', overrideId, source: 'manual', actor: expect.stringMatching(/^user:\d+$/) } });

    const handedBack = (delivery: ReceivedDelivery): boolean => {
      const body = JSON.parse(delivery.body) as WebhookBody;
      return body.member?.id === ids.bob && body.previous?.memberId === ids.alice;
    };
    await waitFor(() => [...receiver.accepted.values()].some(handedBack), 'the webhook for the handback');
  });

  it('an admin takes over only for an active member of that division', async () => {
    const outsider = await api('POST', `/api/oncall/${night}/takeover`, { memberId: ids.carl, password: TEST_ADMIN.password });
    expect(outsider.status).toBe(400);
    expect((outsider.body as { error: { message: string } }).error.message).toMatch(/does not belong to this division/);
    await api('PUT', `/api/oncall/members/${ids.alice}`, { name: 'Alice', phone: '1001', active: false, divisionIds: [night] });
    expect((await api('POST', `/api/oncall/${night}/takeover`, { memberId: ids.alice, password: TEST_ADMIN.password })).status).toBe(400);
    expect((await api('POST', `/api/oncall/${night}/takeover`, { memberId: 'bob', password: TEST_ADMIN.password })).status).toBe(400);
    const ok = await api('POST', `/api/oncall/${day}/takeover`, { memberId: ids.carl, password: TEST_ADMIN.password });
    expect(ok.status).toBe(200);
    expect(sim.world.astdb.get('ONCALL', String(day))).toBe('1003');
  });

  it('refuses a calendar that never ends on upload, next to the field, and keeps the stored schedule', async () => {
    const before = (await api('GET', `/api/oncall/divisions/${night}/schedule`)).body as ScheduleView;
    const refused = await api('PUT', `/api/oncall/divisions/${night}/schedule`, { enabled: true, timeZone: 'Europe/Stockholm', rotation: null, calendarIcs: SECONDLY, calendarIcsName: 'bad.ics' });
    expect(refused.status).toBe(400);
    const error = (refused.body as { error: { message: string; fields: Record<string, string> } }).error;
    expect(error.message).toMatch(/repeats every second/);
    expect(Object.keys(error.fields)).toEqual(['calendarIcs']);
    expect((await api('GET', `/api/oncall/divisions/${night}/schedule`)).body).toEqual(before);
  });

  it('a never-ending calendar stored before the check breaks neither its calendar page nor other divisions', async () => {
    await t.server.services.pool.query(
      `INSERT INTO oncall_schedules (division_id, calendar_ics, calendar_ics_name, updated_at) VALUES (?, ?, 'old.ics', NOW(3))
       ON DUPLICATE KEY UPDATE calendar_ics = VALUES(calendar_ics), calendar_ics_name = VALUES(calendar_ics_name)`,
      [day, SECONDLY],
    );
    await t.server.services.pool.query('UPDATE oncall_divisions SET schedule_enabled = 1 WHERE id = ?', [day]);
    expect((await api('GET', `/api/oncall/${day}/calendar?days=28`)).status).toBe(200);
    expect((await api('GET', `/api/oncall/${night}/calendar?days=28`)).status).toBe(200);
  });
});
