import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { ScryptPasswordHasher } from '../../auth';
import { OffsetClock } from '../../lib/clock';
import { OnCallLockout } from './oncall-lockout';
import { OnCallTakeoverService, type TakeoverCall, type TakeoverSession } from './oncall-takeover.service';
import type { OnCallMember } from '../oncall.types';
import { PinHasher } from './pin-hasher';
import { FakeAuditLog, FakeOnCallStore, RecordingNotifier, RecordingRouting, recordingChanges } from '../testing/fake-oncall';

const pins = new PinHasher('unit-test-pepper-0123456789', new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 }));
const MINUTE = 60_000;

let store: FakeOnCallStore;
let audit: FakeAuditLog;
let routing: RecordingRouting;
let notifier: RecordingNotifier;
let clock: OffsetClock;
let service: OnCallTakeoverService;

async function addMember(id: number, phone: string, pin: string, divisionIds = [1]): Promise<OnCallMember> {
  const member: OnCallMember = {
    id,
    name: `Member ${id}`,
    phone,
    email: null,
    active: true,
    accountUserId: null,
    pinHash: await pins.hash(pin),
    createdAt: new Date(clock.now()),
    lastLogin: null,
  };
  store.members.push({ member, divisionIds });
  return member;
}

function call(callerId: string | null, divisionId = 1): TakeoverCall {
  return { divisionId, callerId, channel: 'PJSIP/1001-00000056', uniqueid: '1795274979.94' };
}

async function open(callerId: string | null): Promise<TakeoverSession> {
  const opening = await service.openCall(call(callerId));
  if (opening.kind !== 'ready') throw new Error(`expected a ready call, got ${opening.kind}`);
  return opening.session;
}

beforeEach(async () => {
  store = new FakeOnCallStore();
  audit = new FakeAuditLog();
  routing = new RecordingRouting();
  notifier = new RecordingNotifier();
  clock = new OffsetClock();
  const lockout = new OnCallLockout(audit);
  service = new OnCallTakeoverService({ store, audit, lockout, pins, changes: recordingChanges(store, routing, notifier), clock, logger: pino({ level: 'silent' }) });
  store.divisions.set(1, { id: 1, name: 'Service', oncallLine: '7000', fallbackNumber: null, allowPinOnly: true });
  await addMember(1, '1001', '1234');
  await addMember(2, '+4930123456', '567890');
  // Member 1's 4-digit PIN works only with their caller ID; member 2's 6 digits also PIN-only.
});

describe('identification', () => {
  it('identifies the member by caller ID and checks the PIN against that member only', async () => {
    const session = await open('1001');
    expect(session.callerMember?.id).toBe(1);
    expect(await service.checkPin(session, '567890')).toEqual({ kind: 'rejected', lockedNow: false });
    expect(await service.checkPin(session, '1234')).toMatchObject({ kind: 'accepted', member: { id: 1 } });
    expect(store.logins).toEqual([1]);
  });

  it('matches caller IDs written differently (00 prefix, spaces)', async () => {
    expect((await open('0049 30 123456')).callerMember?.id).toBe(2);
  });

  it('falls back to the PIN alone when the caller ID is unknown and the division allows it', async () => {
    const session = await open('+15550000000');
    expect(session.callerMember).toBeNull();
    expect(await service.checkPin(session, '567890')).toMatchObject({ kind: 'accepted', member: { id: 2 } });
    expect(audit.rows.at(-1)).toMatchObject({ eventType: 'successful_auth', memberId: 2, details: { method: 'pin_only' } });
  });

  it('refuses an unknown caller when PIN-only identification is off', async () => {
    store.divisions.set(1, { id: 1, name: 'Service', oncallLine: null, fallbackNumber: null, allowPinOnly: false });
    expect(await service.openCall(call('+15550000000'))).toEqual({ kind: 'unknown_caller' });
    expect(await service.openCall(call(null))).toEqual({ kind: 'unknown_caller' });
    expect(audit.events()).toEqual(['unknown_caller', 'unknown_caller']);
  });

  it('does not let a caller from another division in, nor a missing division', async () => {
    store.divisions.set(2, { id: 2, name: 'Other', oncallLine: null, fallbackNumber: null, allowPinOnly: false });
    await addMember(3, '2001', '4321', [2]);
    expect(await service.openCall(call('1001', 2))).toEqual({ kind: 'unknown_caller' });
    expect(await service.openCall(call('1001', 99))).toEqual({ kind: 'unknown_division' });
  });

  it('treats a PIN shared by two members as a failure when only the PIN identifies', async () => {
    await addMember(3, '1003', '567890');
    const session = await open(null);
    expect(await service.checkPin(session, '567890')).toEqual({ kind: 'rejected', lockedNow: false });
    expect(audit.rows.at(-1)).toMatchObject({ eventType: 'failed_auth', callerId: 'anonymous', details: { reason: 'ambiguous_pin' } });
  });

  it('refuses malformed PIN input', async () => {
    const session = await open('1001');
    for (const pin of ['', '12', '1234#', '123456789']) {
      expect(await service.checkPin(session, pin)).toMatchObject({ kind: 'rejected' });
    }
  });
});

describe('lockout', () => {
  async function failTimes(callerId: string | null, times: number): Promise<boolean> {
    let lockedNow = false;
    for (let i = 0; i < times; i++) {
      const outcome = await service.checkPin(await open(callerId), '0000');
      lockedNow = outcome.kind === 'rejected' && outcome.lockedNow;
    }
    return lockedNow;
  }

  it('locks a caller ID after 5 failures in 15 minutes, for 15 minutes', async () => {
    expect(await failTimes('+15550000000', 4)).toBe(false);
    expect(await failTimes('+15550000000', 1)).toBe(true);
    expect(audit.rows.filter((row) => row.eventType === 'locked_out')).toHaveLength(1);
    expect(await service.openCall(call('+15550000000'))).toMatchObject({ kind: 'locked' });
    expect(audit.events().at(-1)).toBe('rejected_while_locked');
    // Another number is not affected.
    expect((await service.openCall(call('+15559999999'))).kind).toBe('ready');
    clock.advance(15 * MINUTE + 1);
    expect((await service.openCall(call('+15550000000'))).kind).toBe('ready');
    // The failures before the lock do not count again: one more failure does not re-lock.
    expect(await failTimes('+15550000000', 1)).toBe(false);
  });

  it('does not count failures older than the window', async () => {
    await failTimes('+15550000000', 4);
    clock.advance(15 * MINUTE + 1);
    expect(await failTimes('+15550000000', 4)).toBe(false);
    expect(await failTimes('+15550000000', 1)).toBe(true);
  });

  it('locks the member too, so spoofing other numbers does not help, and refuses the right PIN while locked', async () => {
    expect(await failTimes('1001', 5)).toBe(true);
    const lockRows = audit.rows.filter((row) => row.eventType === 'locked_out');
    expect(lockRows.map((row) => row.details?.lock).sort()).toEqual(['caller', 'member']);
    // The member's lock holds when the PIN alone identifies them from another number.
    expect(await failTimes('+4930123456', 5)).toBe(true);
    const session = await open('+15557777777');
    expect(await service.checkPin(session, '567890')).toMatchObject({ kind: 'locked' });
    expect(store.logins).toEqual([]);
  });

  it('counts anonymous callers together', async () => {
    expect(await failTimes(null, 5)).toBe(true);
    expect(await service.openCall(call(null))).toMatchObject({ kind: 'locked' });
  });
});

describe('takeover', () => {
  it('starts a period, ends the previous one, publishes the route and notifies', async () => {
    const first = await open('1001');
    const member1 = await service.checkPin(first, '1234');
    if (member1.kind !== 'accepted') throw new Error('expected acceptance');
    expect(await service.takeOver(first, member1.member)).toMatchObject({ kind: 'taken', period: { phone: '1001' } });

    const second = await open('+4930123456');
    const member2 = await service.checkPin(second, '567890');
    if (member2.kind !== 'accepted') throw new Error('expected acceptance');
    await service.takeOver(second, member2.member);

    expect(store.periods.map((period) => [period.memberId, period.endedAt === null])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(routing.published).toEqual([
      { divisionId: 1, phone: '1001' },
      { divisionId: 1, phone: '+4930123456' },
    ]);
    expect(notifier.changes[1]).toMatchObject({ memberId: 2, previous: { memberId: 1, phone: '1001' }, source: 'phone_pin' });
  });

  it('lets only the first of two calls that saw the same period win', async () => {
    const a = await open('1001');
    const b = await open('+4930123456');
    const memberA = await service.checkPin(a, '1234');
    const memberB = await service.checkPin(b, '567890');
    if (memberA.kind !== 'accepted' || memberB.kind !== 'accepted') throw new Error('expected acceptance');
    expect((await service.takeOver(a, memberA.member)).kind).toBe('taken');
    expect((await service.takeOver(b, memberB.member)).kind).toBe('conflict');
    expect(audit.events().at(-1)).toBe('on_call_conflict');
    expect(routing.published).toHaveLength(1);
  });

  it('keeps the change when publishing the route fails', async () => {
    routing.failWith = new Error('AMI down');
    const session = await open('1001');
    const accepted = await service.checkPin(session, '1234');
    if (accepted.kind !== 'accepted') throw new Error('expected acceptance');
    expect((await service.takeOver(session, accepted.member)).kind).toBe('taken');
    expect(notifier.changes).toHaveLength(1);
  });
});

describe('log lines', () => {
  it('never carry a key twice (memberId once per line)', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
    const lockout = new OnCallLockout(audit);
    service = new OnCallTakeoverService({ store, audit, lockout, pins, changes: recordingChanges(store, routing, notifier), clock, logger });
    const session = await open('1001');
    await service.checkPin(session, '0000');
    const outcome = await service.checkPin(session, '1234');
    if (outcome.kind !== 'accepted') throw new Error('expected the right PIN to pass');
    await service.takeOver(session, outcome.member);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) {
      const keys = [...line.matchAll(/"([A-Za-z_]+)":/g)].map((match) => match[1]);
      expect(keys.filter((key, index) => keys.indexOf(key) !== index), line).toEqual([]);
    }
  });
});

describe('PIN-only guessing across caller IDs', () => {
  it('a PIN under 6 digits never identifies a member by itself, but still works with the caller ID', async () => {
    expect(await service.checkPin(await open('+15550001111'), '1234')).toMatchObject({ kind: 'rejected' });
    expect(audit.rows.at(-1)?.details).toMatchObject({ method: 'pin_only', reason: 'pin_too_short' });
    expect(await service.checkPin(await open('1001'), '1234')).toMatchObject({ kind: 'accepted' });
    await addMember(3, '1003', '135790');
    expect(await service.checkPin(await open('+15550001111'), '135790')).toMatchObject({ kind: 'accepted', member: { id: 3 } });
  });

  it('10 PIN-only failures from 10 caller IDs stop PIN-only takeover in the division, tell admins, and spare caller-ID members', async () => {
    await addMember(3, '1003', '135790');
    for (let caller = 0; caller < 10; caller++) {
      const outcome = await service.checkPin(await open(`+1555000${String(caller).padStart(4, '0')}`), '000000');
      expect(outcome).toMatchObject({ kind: 'rejected', lockedNow: caller === 9 });
    }
    expect(audit.rows.filter((row) => row.eventType === 'locked_out').map((row) => row.details?.lock)).toEqual(['division']);
    // The right PIN from a fresh caller ID is refused while the division is locked ...
    expect(await service.openCall(call('+15559999999'))).toMatchObject({ kind: 'locked' });
    // ... also for a call that was already open.
    clock.advance(MINUTE);
    // A member the caller ID identifies is not affected.
    expect(await service.checkPin(await open('1001'), '1234')).toMatchObject({ kind: 'accepted' });
    clock.advance(15 * MINUTE);
    expect(await service.checkPin(await open('+15559999999'), '135790')).toMatchObject({ kind: 'accepted', member: { id: 3 } });
  });

  it('a call opened before the division lock cannot keep guessing', async () => {
    const early = await open('+15558888888');
    for (let caller = 0; caller < 10; caller++) await service.checkPin(await open(`+1555100${caller}`), '000000');
    expect(await service.checkPin(early, '000000')).toMatchObject({ kind: 'locked' });
  });
});
