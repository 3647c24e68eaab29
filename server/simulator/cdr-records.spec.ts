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

  it('busy and unanswered calls are BUSY / NO ANSWER with billsec 0', () => {
    const rows = recordsOf((clock, s) => {
      s.call('1001', '1002').busy();
      s.call('1001', '1003');
      clock.advance(9000);
    });
    expect(rows.map((r) => [r.disposition, r.billsec])).toEqual([
      ['BUSY', 0],
      ['NO ANSWER', 0],
    ]);
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
