import { describe, expect, it } from 'vitest';
import { TEST_ADMIN, useTestServer } from '../../test/harness';

interface BoardEntry {
  divisionId: number;
  member: { id: number; name: string } | null;
  phone: string | null;
  since: string | null;
  source: string | null;
}

describe('on-call REST', () => {
  const s = useTestServer({ domains: true });
  let agentToken = '';
  let divisionId = 0;
  let memberId = 0;

  async function board(): Promise<BoardEntry[]> {
    const response = await s.t.api('GET', '/api/oncall', { token: agentToken });
    expect(response.status).toBe(200);
    return response.body as BoardEntry[];
  }

  it('admin creates a division; bad input is refused field by field', async () => {
    const bad = await s.t.api('POST', '/api/oncall/divisions', {
      token: s.adminToken,
      body: { name: '', fallbackNumber: 'call me', webhookUrl: 'ftp://x', extra: 1 },
    });
    expect(bad.status).toBe(400);
    const fields = (bad.body as { error: { fields: Record<string, string> } }).error.fields;
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(['name', 'fallbackNumber', 'webhookUrl']));

    const created = await s.t.api('POST', '/api/oncall/divisions', {
      token: s.adminToken,
      body: { name: 'Service desk', fallbackNumber: '1999', webhookSecret: 'a-secret-of-16-chars' },
    });
    expect(created.status).toBe(201);
    const division = created.body as { id: number; hasWebhookSecret: boolean; webhookSecret?: string };
    expect(division.hasWebhookSecret).toBe(true);
    expect(division).not.toHaveProperty('webhookSecret');
    divisionId = division.id;

    const duplicate = await s.t.api('POST', '/api/oncall/divisions', { token: s.adminToken, body: { name: 'Service desk' } });
    expect(duplicate.status).toBe(409);
  });

  it('admin adds a member linked to an account; PIN hashes never leave the server', async () => {
    const agent = await s.t.createUser({ username: 'oc-agent', displayName: 'Agent', role: 'agent', extension: '7101', password: 'agent-password-1' });
    agentToken = (await s.t.login('oc-agent', 'agent-password-1')).accessToken;
    const badPin = await s.t.api('POST', '/api/oncall/members', {
      token: s.adminToken,
      body: { name: 'Alice', phone: '+46701234567', pin: '12', divisionIds: [divisionId] },
    });
    expect(badPin.status).toBe(400);
    const unknownDivision = await s.t.api('POST', '/api/oncall/members', {
      token: s.adminToken,
      body: { name: 'Alice', phone: '+46701234567', pin: '1234', divisionIds: [999999] },
    });
    expect(unknownDivision.status).toBe(400);
    const created = await s.t.api('POST', '/api/oncall/members', {
      token: s.adminToken,
      body: { name: 'Alice', phone: '+46701234567', pin: '246810', divisionIds: [divisionId], accountUserId: agent.id },
    });
    expect(created.status).toBe(201);
    memberId = (created.body as { id: number }).id;
    const list = await s.t.api('GET', '/api/oncall/members', { token: s.adminToken });
    expect(JSON.stringify(list.body)).not.toMatch(/pin_?hash|"pin"|scrypt/i);
    expect((await s.t.api('GET', '/api/oncall/members', { token: agentToken })).status).toBe(403);
  });

  it('a member takes the line with their PIN; a wrong PIN is refused and audited', async () => {
    expect((await board()).find((entry) => entry.divisionId === divisionId)?.member).toBeNull();
    const wrong = await s.t.api('POST', `/api/oncall/${divisionId}/takeover`, { token: agentToken, body: { pin: '111111' } });
    expect(wrong.status).toBe(401);
    const empty = await s.t.api('POST', `/api/oncall/${divisionId}/takeover`, { token: agentToken, body: {} });
    expect(empty.status).toBe(400);
    const notAdmin = await s.t.api('POST', `/api/oncall/${divisionId}/takeover`, { token: agentToken, body: { password: 'agent-password-1', memberId } });
    expect(notAdmin.status).toBe(403);

    const taken = await s.t.api('POST', `/api/oncall/${divisionId}/takeover`, { token: agentToken, body: { pin: '246810' } });
    expect(taken.status).toBe(200);
    const entry = (await board()).find((row) => row.divisionId === divisionId);
    expect(entry).toMatchObject({ member: { id: memberId, name: 'Alice' }, phone: '+46701234567', source: 'panel' });
    expect(Number.isNaN(Date.parse(entry?.since ?? ''))).toBe(false);

    const failures = await s.t.api('GET', `/api/oncall/audit?type=failed_auth&division=${divisionId}`, { token: s.adminToken });
    expect((failures.body as { total: number }).total).toBe(1);
  });

  it('only an admin releases; then nobody is on call and history shows the period', async () => {
    expect((await s.t.api('POST', `/api/oncall/${divisionId}/release`, { token: agentToken })).status).toBe(403);
    expect((await s.t.api('POST', `/api/oncall/${divisionId}/release`, { token: s.adminToken })).status).toBe(204);
    expect((await s.t.api('POST', `/api/oncall/${divisionId}/release`, { token: s.adminToken })).status).toBe(409);
    expect((await board()).find((row) => row.divisionId === divisionId)?.member).toBeNull();
    const history = await s.t.api('GET', `/api/oncall/history?division=${divisionId}&limit=10`, { token: agentToken });
    const page = history.body as { total: number; items: { memberId: number; endedAt: string | null }[] };
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ memberId });
    expect(page.items[0]?.endedAt).not.toBeNull();
    expect((await s.t.api('GET', '/api/oncall/history?limit=0', { token: agentToken })).status).toBe(400);
    expect((await s.t.api('GET', '/api/oncall/history?from=yesterday', { token: agentToken })).status).toBe(400);
  });

  it('an admin takes over on a member\'s behalf after confirming their own password', async () => {
    const wrong = await s.t.api('POST', `/api/oncall/${divisionId}/takeover`, { token: s.adminToken, body: { password: 'nope', memberId } });
    expect(wrong.status).toBe(401);
    const ok = await s.t.api('POST', `/api/oncall/${divisionId}/takeover`, { token: s.adminToken, body: { password: TEST_ADMIN.password, memberId } });
    expect(ok.status).toBe(200);
    expect((ok.body as BoardEntry).member?.id).toBe(memberId);
  });

  it('the person on call goes off call themselves (audited); others may not, and nobody on call is a conflict', async () => {
    await s.t.createUser({ username: 'oc-other', displayName: 'Other', role: 'agent', extension: '7102', password: 'other-password-1' });
    const otherToken = (await s.t.login('oc-other', 'other-password-1')).accessToken;
    expect((await s.t.api('POST', `/api/oncall/${divisionId}/off-call`, { token: otherToken })).status).toBe(403);
    expect((await board()).find((row) => row.divisionId === divisionId)?.member?.id).toBe(memberId);

    const off = await s.t.api('POST', `/api/oncall/${divisionId}/off-call`, { token: agentToken });
    expect(off.status).toBe(200);
    expect((off.body as BoardEntry).member).toBeNull();
    expect((await board()).find((row) => row.divisionId === divisionId)?.member).toBeNull();
    const audit = await s.t.api('GET', `/api/oncall/audit?type=on_call_update&division=${divisionId}&limit=1`, { token: s.adminToken });
    expect((audit.body as { items: { details: Record<string, unknown> }[] }).items[0]?.details).toMatchObject({ action: 'off_call', offMemberId: memberId });
    expect((await s.t.api('POST', `/api/oncall/${divisionId}/off-call`, { token: agentToken })).status).toBe(409);

    // An admin may send someone off call too.
    await s.t.api('POST', `/api/oncall/${divisionId}/takeover`, { token: agentToken, body: { pin: '246810' } });
    expect((await s.t.api('POST', `/api/oncall/${divisionId}/off-call`, { token: s.adminToken })).status).toBe(200);
  });

  it('exports the audit as CSV', async () => {
    const response = await s.t.api('GET', `/api/oncall/audit/csv?division=${divisionId}`, { token: s.adminToken });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/csv/);
    const text = String(response.body);
    expect(text.startsWith('id,created_at,event_type,division_id,member_id,caller_id,channel_or_ip,details\r\n')).toBe(true);
    expect(text).toMatch(/,on_call_update,/);
    // JSON details contain quotes and commas: quoted, inner quotes doubled.
    expect(text).toMatch(/,"\{""/);
    expect((await s.t.api('GET', '/api/oncall/audit/csv?type=DROP TABLE', { token: s.adminToken })).status).toBe(400);
  });

  it('schedules: validated, then the calendar shows the coming shifts and overrides', async () => {
    const badZone = await s.t.api('PUT', `/api/oncall/divisions/${divisionId}/schedule`, {
      token: s.adminToken,
      body: { enabled: true, timeZone: 'Mars/Olympus', rotation: { anchor: '2026-03-02', handovers: [{ weekday: 1, time: '08:00', memberIds: [memberId] }] } },
    });
    expect(badZone.status).toBe(400);
    const badTime = await s.t.api('PUT', `/api/oncall/divisions/${divisionId}/schedule`, {
      token: s.adminToken,
      body: { enabled: true, timeZone: 'Europe/Stockholm', rotation: { anchor: '2026-03-02', handovers: [{ weekday: 9, time: '25:00', memberIds: [] }] } },
    });
    expect(Object.keys((badTime.body as { error: { fields: Record<string, string> } }).error.fields)).toEqual(
      expect.arrayContaining(['rotation.handovers.0.weekday', 'rotation.handovers.0.time', 'rotation.handovers.0.memberIds']),
    );
    const notIcs = await s.t.api('PUT', `/api/oncall/divisions/${divisionId}/schedule`, {
      token: s.adminToken,
      body: { enabled: true, timeZone: 'Europe/Stockholm', calendarIcs: '<html></html>' },
    });
    expect(notIcs.status).toBe(400);
    const agentTries = await s.t.api('PUT', `/api/oncall/divisions/${divisionId}/schedule`, { token: agentToken, body: { enabled: false, timeZone: 'UTC' } });
    expect(agentTries.status).toBe(403);
    const saved = await s.t.api('PUT', `/api/oncall/divisions/${divisionId}/schedule`, {
      token: s.adminToken,
      body: { enabled: true, timeZone: 'Europe/Stockholm', rotation: { anchor: '2026-03-02', handovers: [{ weekday: 1, time: '08:00', memberIds: [memberId] }] } },
    });
    expect(saved.status).toBe(204);
    const override = await s.t.api('POST', `/api/oncall/${divisionId}/overrides`, { token: s.adminToken, body: { memberId } });
    expect(override.status).toBe(201);
    const calendar = await s.t.api('GET', `/api/oncall/${divisionId}/calendar?days=14`, { token: agentToken });
    const view = calendar.body as { timeZone: string; shifts: { memberName: string }[]; overrides: unknown[] };
    expect(view.timeZone).toBe('Europe/Stockholm');
    expect(view.shifts.length).toBeGreaterThanOrEqual(2);
    expect(view.shifts[0]?.memberName).toBe('Alice');
    expect(view.overrides.length).toBe(1);
    expect((await s.t.api('GET', `/api/oncall/${divisionId}/calendar?days=999`, { token: agentToken })).status).toBe(400);
  });

  it('lists webhook deliveries for admins, with the status filter validated', async () => {
    const page = await s.t.api('GET', `/api/oncall/notifications?division=${divisionId}&status=pending`, { token: s.adminToken });
    expect(page.status).toBe(200);
    expect(page.body).toEqual({ total: 0, items: [] });
    expect((await s.t.api('GET', '/api/oncall/notifications?status=lost', { token: s.adminToken })).status).toBe(400);
    expect((await s.t.api('GET', '/api/oncall/notifications', { token: agentToken })).status).toBe(403);
  });

  it('locks the member after five wrong PINs, even with the right one', async () => {
    // Two failures so far (a wrong PIN, an admin's wrong password on this member's behalf); three more reach five.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await s.t.api('POST', `/api/oncall/${divisionId}/takeover`, { token: agentToken, body: { pin: '0000' } })).status).toBe(401);
    }
    const locked = await s.t.api('POST', `/api/oncall/${divisionId}/takeover`, { token: agentToken, body: { pin: '246810' } });
    expect(locked.status).toBe(429);
    expect((locked.body as { error: { retryAfter: number } }).error.retryAfter).toBeGreaterThan(0);
  });

  it('PIN reset and member/division deletion', async () => {
    expect((await s.t.api('PUT', `/api/oncall/members/${memberId}/pin`, { token: s.adminToken, body: { pin: 'abcd' } })).status).toBe(400);
    // Alice is in a PIN-only division: 5 digits are refused next to the field, 6 are fine.
    const short = await s.t.api('PUT', `/api/oncall/members/${memberId}/pin`, { token: s.adminToken, body: { pin: '97531' } });
    expect(short.status).toBe(400);
    expect((short.body as { error: { fields: Record<string, string> } }).error.fields.pin).toMatch(/6 digits/);
    expect((await s.t.api('PUT', `/api/oncall/members/${memberId}/pin`, { token: s.adminToken, body: { pin: '975310' } })).status).toBe(204);
    expect((await s.t.api('GET', '/api/oncall/members', { token: s.adminToken })).body).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: memberId, pinLength: 6, pinNeedsChange: false })]),
    );
    expect((await s.t.api('PUT', '/api/oncall/members/999999/pin', { token: s.adminToken, body: { pin: '975310' } })).status).toBe(404);
    expect((await s.t.api('DELETE', `/api/oncall/divisions/${divisionId}`, { token: s.adminToken })).status).toBe(204);
    expect((await s.t.api('DELETE', `/api/oncall/divisions/${divisionId}`, { token: s.adminToken })).status).toBe(404);
  });
});
