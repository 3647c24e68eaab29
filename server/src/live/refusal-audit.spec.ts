import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../db';
import { createLogger } from '../logging';
import { RefusalAudit } from './refusal-audit';

const refusal = (actorId: number, action = 'live.hangup'): AuditEntry => ({ actorId, actorName: `u${actorId}`, action, target: 'call:x', result: 'denied', details: { code: 'forbidden' } });

describe('RefusalAudit', () => {
  it('writes 1,000 refusals of one person as two rows: the first, then one summary with the count', async () => {
    const rows: AuditEntry[] = [];
    let fire: (() => void) | undefined;
    const audit = new RefusalAudit(async (entry) => void rows.push(entry), createLogger('silent'), 10_000, {
      schedule: (_ms, run) => {
        fire = run;
        return () => undefined;
      },
    });
    for (let i = 0; i < 1000; i += 1) await audit.refused(refusal(7, i % 2 === 0 ? 'live.hangup' : 'live.spy.listen'));
    await audit.refused(refusal(8));
    expect(rows.map((r) => r.actorId)).toEqual([7, 8]);
    fire?.();
    await audit.flush();
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.action === 'live.refused.burst')).toMatchObject({ actorId: 7, result: 'denied', details: { count: 999, actions: { 'live.hangup': 499, 'live.spy.listen': 500 } } });
    // A new window starts after the summary.
    await audit.refused(refusal(7));
    expect(rows).toHaveLength(4);
  });
});
