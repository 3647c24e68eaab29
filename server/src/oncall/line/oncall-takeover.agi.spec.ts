import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { AgiServer } from '../../agi';
import { ScryptPasswordHasher } from '../../auth';
import { OffsetClock } from '../../lib/clock';
import { buildAgiEnvironment } from '../../agi/agi-environment';
import { OnCallLockout } from './oncall-lockout';
import { createOnCallTakeoverAgi, divisionFromEnvironment } from './oncall-takeover.agi';
import { OnCallTakeoverService } from './oncall-takeover.service';
import { PinHasher } from './pin-hasher';
import { FakeAuditLog, FakeOnCallStore, RecordingNotifier, RecordingRouting, recordingChanges } from '../testing/fake-oncall';
import { dialTakeover } from './testing/takeover-caller';

function environment(request: string, extension = '7000', args: string[] = []) {
  const variables = new Map([
    ['agi_request', request],
    ['agi_extension', extension],
  ]);
  args.forEach((arg, index) => variables.set(`agi_arg_${index + 1}`, arg));
  return buildAgiEnvironment(variables);
}

describe('divisionFromEnvironment', () => {
  it('reads ?division=, then a numeric AGI argument, then a *55N extension', () => {
    expect(divisionFromEnvironment(environment('agi://127.0.0.1/oncall-takeover?division=4'))).toBe(4);
    expect(divisionFromEnvironment(environment('agi://127.0.0.1/oncall-takeover', '7000', ['argA', '12']))).toBe(12);
    expect(divisionFromEnvironment(environment('agi://127.0.0.1/oncall-takeover', '*553'))).toBe(3);
  });

  it('gives null for missing, zero, negative or non-numeric divisions', () => {
    expect(divisionFromEnvironment(environment('agi://127.0.0.1/oncall-takeover'))).toBeNull();
    for (const bad of ['0', '-1', '1x', '1;DROP', '9999999999']) {
      expect(divisionFromEnvironment(environment(`agi://127.0.0.1/oncall-takeover?division=${bad}`, '*55'))).toBeNull();
    }
  });
});

describe('oncall-takeover AGI script', () => {
  let server: AgiServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  it('tells the caller it failed and sets ONCALL_RESULT=error when the store is down', async () => {
    const store = new FakeOnCallStore();
    store.findDivision = () => Promise.reject(new Error('database is down'));
    const audit = new FakeAuditLog();
    const pins = new PinHasher('unit-test-pepper-0123456789', new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }));
    const service = new OnCallTakeoverService({
      store,
      audit,
      lockout: new OnCallLockout(audit),
      pins,
      changes: recordingChanges(store, new RecordingRouting(), new RecordingNotifier()),
      clock: new OffsetClock(),
      logger: pino({ level: 'silent' }),
    });
    server = new AgiServer({ logger: pino({ level: 'silent' }), port: 0 });
    server.register('oncall-takeover', createOnCallTakeoverAgi(service));
    const { port } = await server.listen();

    const call = await dialTakeover({ port, callerId: '1001', pins: ['1234'] });

    expect(call.variables.ONCALL_RESULT).toBe('error');
    expect(call.sounds).toEqual(['vm-goodbye']);
    expect(call.serverHungUp).toBe(true);
  });
});

describe('oncall-takeover AGI script: PIN timeouts', () => {
  let server: AgiServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  async function start(): Promise<{ port: number; audit: FakeAuditLog }> {
    const store = new FakeOnCallStore();
    const audit = new FakeAuditLog();
    const pins = new PinHasher('unit-test-pepper-0123456789', new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }));
    store.divisions.set(1, { id: 1, name: 'Service', oncallLine: '7000', fallbackNumber: null, allowPinOnly: true });
    store.members.push({
      member: { id: 1, name: 'Alice', phone: '1001', email: null, active: true, accountUserId: null, pinHash: await pins.hash('123456'), createdAt: new Date(), lastLogin: null },
      divisionIds: [1],
    });
    const service = new OnCallTakeoverService({
      store,
      audit,
      lockout: new OnCallLockout(audit),
      pins,
      changes: recordingChanges(store, new RecordingRouting(), new RecordingNotifier()),
      clock: new OffsetClock(),
      logger: pino({ level: 'silent' }),
    });
    server = new AgiServer({ logger: pino({ level: 'silent' }), port: 0 });
    server.register('oncall-takeover', createOnCallTakeoverAgi(service));
    return { port: (await server.listen()).port, audit };
  }

  it('counts silence as a try of the call, never as a wrong PIN toward the lockout', async () => {
    const { port, audit } = await start();
    for (let call = 0; call < 3; call++) {
      const record = await dialTakeover({ port, callerId: '1001', pins: ['silence', 'silence', 'silence'] });
      expect(record.variables.ONCALL_RESULT).toBe('failed');
      expect(record.sounds.filter((sound) => sound === 'agent-pass')).toHaveLength(3);
    }
    expect(audit.events()).not.toContain('failed_auth');
    expect(audit.events()).not.toContain('locked_out');
    const after = await dialTakeover({ port, callerId: '1001', pins: ['silence', '123456'] });
    expect(after.variables.ONCALL_RESULT).toBe('ok');
  });

  it('still counts a wrong PIN after a silent prompt', async () => {
    const { port, audit } = await start();
    await dialTakeover({ port, callerId: '1001', pins: ['silence', '999999', 'silence'] });
    expect(audit.events().filter((event) => event === 'failed_auth')).toHaveLength(1);
  });
});
