import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_ADMIN, type TestServer } from '../../../test/harness';
import { AgiServer } from '../../agi';
import { ScryptPasswordHasher } from '../../auth';
import { createPool, type Pool } from '../../db';
import { createOnCallModule } from '../oncall.module';
import type { BoardLockout } from '../oncall-panel.service';
import { RecordingNotifier, RecordingRouting } from '../testing/fake-oncall';
import { dialTakeover } from './testing/takeover-caller';

interface BoardEntry {
  divisionId: number;
  lockouts: BoardLockout[];
}

const MINUTE = 60_000;

/**
 * Lockouts made by the phone takeover reach the board API. The FastAGI side is a second on-call
 * module on the server's own database and clock, as a second OnDeck process would be: lockouts
 * live in the audit trail, so the API sees them without sharing memory.
 */
describe('on-call lockouts on the board', () => {
  let t: TestServer;
  let pool: Pool;
  let agi: AgiServer;
  let agiPort = 0;
  let adminToken = '';
  let agentToken = '';
  let divisionId = 0;
  let aliceId = 0;

  beforeAll(async () => {
    t = await startTestServer({ domains: true });
    adminToken = (await t.login(TEST_ADMIN.username, TEST_ADMIN.password)).accessToken;
    await t.createUser({ username: 'lock-agent', displayName: 'Agent', role: 'agent', extension: '7301', password: 'agent-password-1' });
    agentToken = (await t.login('lock-agent', 'agent-password-1')).accessToken;
    divisionId = ((await t.api('POST', '/api/oncall/divisions', { token: adminToken, body: { name: 'Service', fallbackNumber: '1999' } })).body as { id: number }).id;
    aliceId = ((await t.api('POST', '/api/oncall/members', { token: adminToken, body: { name: 'Alice', phone: '1001', pin: '123456', divisionIds: [divisionId] } })).body as { id: number }).id;

    pool = createPool(t.config.db);
    const module = createOnCallModule({
      pool,
      clock: t.clock,
      logger: pino({ level: 'silent' }),
      pinPepper: t.config.oncall.pinPepper ?? '',
      routing: new RecordingRouting(),
      notifier: new RecordingNotifier(),
      passwordHasher: new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }),
    });
    agi = new AgiServer({ logger: pino({ level: 'silent' }), port: 0 });
    module.registerAgi(agi);
    agiPort = (await agi.listen()).port;
  });

  afterAll(async () => {
    await agi?.close();
    await pool?.end();
    await t?.stop();
  });

  async function lockouts(token: string): Promise<BoardLockout[]> {
    const response = await t.api('GET', '/api/oncall', { token });
    expect(response.status).toBe(200);
    return (response.body as BoardEntry[]).find((entry) => entry.divisionId === divisionId)?.lockouts ?? [];
  }

  it('shows the caller and member locked by five wrong PINs by phone: whole caller ID for admins, masked for others', async () => {
    expect(await lockouts(adminToken)).toEqual([]);
    const target = `oncall-takeover?division=${divisionId}`;
    await dialTakeover({ port: agiPort, target, callerId: '1001', pins: ['0000', '0001', '0002'] });
    const second = await dialTakeover({ port: agiPort, target, callerId: '1001', pins: ['0003', '0004', '123456'] });
    expect(second.variables.ONCALL_RESULT).toBe('locked');

    const forAdmin = await lockouts(adminToken);
    expect(forAdmin.map((lock) => [lock.kind, lock.callerId, lock.member?.name]).sort()).toEqual([
      ['caller', '1001', 'Alice'],
      ['member', null, 'Alice'],
    ]);
    for (const lock of forAdmin) {
      expect(lock.member?.id).toBe(aliceId);
      expect(Date.parse(lock.until) - Date.parse(lock.since)).toBe(15 * MINUTE);
      expect(Date.parse(lock.until)).toBeGreaterThan(t.clock.now());
    }
    const forAgent = await lockouts(agentToken);
    expect(forAgent.find((lock) => lock.kind === 'caller')?.callerId).toBe('•••001');
    expect(JSON.stringify(forAgent)).not.toContain('"1001"');
  });

  it('lets only an admin clear a lock early, audited; the caller may try again at once', async () => {
    const callerLock = (await lockouts(adminToken)).find((lock) => lock.kind === 'caller');
    if (!callerLock) throw new Error('the caller lock is missing');
    expect((await t.api('DELETE', `/api/oncall/lockouts/${callerLock.id}`, { token: agentToken })).status).toBe(403);
    expect((await t.api('DELETE', `/api/oncall/lockouts/${callerLock.id}`, { token: adminToken })).status).toBe(204);
    const again = await t.api('DELETE', `/api/oncall/lockouts/${callerLock.id}`, { token: adminToken });
    expect(again.status).toBe(404);
    expect((again.body as { error: { message: string } }).error.message).toMatch(/no longer in force/);
    expect((await t.api('DELETE', '/api/oncall/lockouts/abc', { token: adminToken })).status).toBe(400);

    expect((await lockouts(adminToken)).map((lock) => lock.kind)).toEqual(['member']);
    const audit = await t.api('GET', `/api/oncall/audit?type=lockout_cleared&division=${divisionId}`, { token: adminToken });
    const rows = (audit.body as { items: { callerId: string | null; details: Record<string, unknown> }[] }).items;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ callerId: '1001', details: { lock: 'caller', lockId: callerLock.id, username: TEST_ADMIN.username } });

    // The caller lock is gone, so the call gets as far as the member lock (Alice is still locked).
    const call = await dialTakeover({ port: agiPort, target: `oncall-takeover?division=${divisionId}`, callerId: '1001', pins: ['123456'] });
    expect(call.variables.ONCALL_RESULT).toBe('locked');
    const rejected = await t.api('GET', `/api/oncall/audit?type=rejected_while_locked&division=${divisionId}`, { token: adminToken });
    expect((rejected.body as { items: { details: { lock: string } }[] }).items[0]?.details.lock).toBe('member');
  });

  it('drops a lock from the board once its 15 minutes are over', async () => {
    expect(await lockouts(adminToken)).toHaveLength(1);
    t.clock.advance(15 * MINUTE + 1_000);
    // Access tokens are shorter-lived than a lock: sign in again at the new time.
    adminToken = (await t.login(TEST_ADMIN.username, TEST_ADMIN.password)).accessToken;
    expect(await lockouts(adminToken)).toEqual([]);
    const call = await dialTakeover({ port: agiPort, target: `oncall-takeover?division=${divisionId}`, callerId: '1001', pins: ['123456'] });
    expect(call.variables.ONCALL_RESULT).toBe('ok');
  });
});
