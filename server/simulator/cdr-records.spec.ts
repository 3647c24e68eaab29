import { describe, expect, it } from 'vitest';
import type { CdrRecord } from './cdr-records';
import { ManualClock } from './clock';
import { CDR_COLUMNS, cdrRowValues } from './cdr-writer';
import { createWorld } from './simulator';

function recordsOf(drive: (clock: ManualClock, s: ReturnType<typeof createWorld>['scenarios']) => void): CdrRecord[] {
  const clock = new ManualClock(Date.UTC(2026, 10, 21, 15, 0, 0));
  const { world, scenarios } = createWorld({ clock });
  const records: CdrRecord[] = [];
  world.cdrListeners.add((r) => records.push(r));
  drive(clock, scenarios);
  return records;
}

describe('CDR rows', () => {
  it('an answered call gives one ANSWERED row with duration and billsec from the clock', () => {
    const [row, ...rest] = recordsOf((clock, s) => {
      const call = s.call('1001', '1002');
      clock.advance(2000);
      call.answer();
      clock.advance(30_000);
      call.hangup('callee');
    });
    expect(rest).toHaveLength(0);
    expect(row).toMatchObject({ src: '1001', dst: '1002', clid: '"Ext 1001" <1001>', disposition: 'ANSWERED', duration: 32, billsec: 30, lastapp: 'Dial', lastdata: 'PJSIP/1002,8,tT', dcontext: 'from-internal' });
    expect(row?.channel).toMatch(/^PJSIP\/1001-[0-9a-f]{8}$/);
    expect(row?.dstchannel).toMatch(/^PJSIP\/1002-[0-9a-f]{8}$/);
    expect(row?.linkedid).toBe(row?.uniqueid);
    expect(row?.calldate.toISOString()).toBe('2026-11-21T15:00:00.000Z');
  });

  it('busy and unanswered calls are BUSY / NO ANSWER with billsec 0, each followed by the caller\'s Hangup() record (busy, no-answer captures)', () => {
    const rows = recordsOf((clock, s) => {
      s.call('1001', '1002').busy();
      s.call('1001', '1003');
      clock.advance(9000);
    });
    expect(rows.map((r) => [r.disposition, r.lastapp, r.dstchannel === '', r.billsec])).toEqual([
      ['BUSY', 'Dial', false, 0],
      ['BUSY', 'Hangup', true, 0],
      ['NO ANSWER', 'Dial', false, 0],
      ['NO ANSWER', 'Hangup', true, 0],
    ]);
    expect(rows[3]?.calldate.getTime()).toBe((rows[2]?.calldate.getTime() ?? 0) + 8000);
  });

  it('duration and billsec are cut to whole seconds, not rounded', () => {
    const [row] = recordsOf((clock, s) => {
      const call = s.call('1001', '1002');
      clock.advance(1900);
      call.answer();
      clock.advance(2900);
      call.hangup('caller');
    });
    expect([row?.duration, row?.billsec]).toEqual([4, 2]);
  });

  it('an application answered by the dialplan bills its whole record (voicemail-mwi capture)', () => {
    const [row] = recordsOf((clock, s) => {
      const call = s.application('1001', '*1002');
      clock.advance(18_500);
      call.hangup();
    });
    expect(row).toMatchObject({ lastapp: 'VoiceMail', lastdata: '1002@default,u', dstchannel: '', duration: 18, billsec: 18, disposition: 'ANSWERED' });
  });

  it('a call to an unregistered phone is one FAILED record without party B', () => {
    const rows = recordsOf((_clock, s) => {
      s.setRegistered('1002', false);
      expect(() => s.call('1001', '1002')).toThrow('unavailable');
    });
    expect(rows.map((r) => [r.disposition, r.lastapp, r.dstchannel])).toEqual([['FAILED', 'Hangup', '']]);
  });

  it('row values follow the FreePBX column order and are cut to the column width', () => {
    const [row] = recordsOf((_clock, s) => s.call('1001', '1002').busy());
    if (!row) throw new Error('no row');
    const values = cdrRowValues({ ...row, clid: 'x'.repeat(200) });
    expect(values).toHaveLength(CDR_COLUMNS.length);
    expect(values[1]).toBe('x'.repeat(80));
    expect(CDR_COLUMNS[0]).toBe('calldate');
    expect(CDR_COLUMNS.at(-1)).toBe('sequence');
  });
});
