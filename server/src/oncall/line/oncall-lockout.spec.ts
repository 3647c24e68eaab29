import { describe, expect, it } from 'vitest';
import { OnCallLockout } from './oncall-lockout';
import { maskCallerId } from '../oncall-panel.service';
import { FakeAuditLog } from '../testing/fake-oncall';

const MINUTE = 60_000;
const T0 = new Date('2026-03-27T10:00:00Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * MINUTE);

function lockRow(lock: 'caller' | 'member', event: 'locked_out' | 'lockout_cleared' = 'locked_out') {
  return { eventType: event, memberId: 7, divisionId: 2, callerId: lock === 'caller' ? '+46701234567' : null, channelOrIp: null, details: { lock } } as const;
}

describe('OnCallLockout', () => {
  it('lists locks in force, drops them when cleared or after 15 minutes', async () => {
    const audit = new FakeAuditLog();
    const lockout = new OnCallLockout(audit);
    await audit.append(lockRow('caller'), at(0));
    await audit.append(lockRow('member'), at(1));
    expect((await lockout.active(at(2))).map((lock) => [lock.subject.kind, lock.divisionId, lock.until.toISOString()])).toEqual([
      ['caller', 2, at(15).toISOString()],
      ['member', 2, at(16).toISOString()],
    ]);
    await audit.append(lockRow('caller', 'lockout_cleared'), at(3));
    expect((await lockout.active(at(3))).map((lock) => lock.subject.kind)).toEqual(['member']);
    expect(await lockout.lockedUntil({ kind: 'caller', callerId: '+46701234567' }, at(3))).toBeNull();
    expect(await lockout.lockedUntil({ kind: 'member', memberId: 7 }, at(3))).toEqual(at(16));
    expect(await lockout.active(at(16))).toEqual([]);
  });

  it('does not count failures from before a clear again', async () => {
    const audit = new FakeAuditLog();
    const lockout = new OnCallLockout(audit);
    const caller = { kind: 'caller', callerId: '+46701234567' } as const;
    for (let i = 0; i < 5; i += 1) await audit.append({ ...lockRow('caller'), eventType: 'failed_auth', details: null }, at(0));
    expect(await lockout.subjectsReachingLimit([caller], at(1))).toEqual([caller]);
    await audit.append(lockRow('caller', 'lockout_cleared'), at(2));
    await audit.append({ ...lockRow('caller'), eventType: 'failed_auth', details: null }, at(3));
    expect(await lockout.subjectsReachingLimit([caller], at(3))).toEqual([]);
  });
});

describe('maskCallerId', () => {
  it('keeps the last three digits only', () => {
    expect(maskCallerId('+46701234567')).toBe('•••567');
    expect(maskCallerId('1001')).toBe('•••001');
  });

  it('shows nothing of a caller ID without digits, and says withheld for withheld numbers', () => {
    expect(maskCallerId('anonymous')).toBe('withheld');
    expect(maskCallerId('John Smith')).toBe('•••');
    expect(maskCallerId('sip:alice@example.com')).toBe('•••');
  });
});
