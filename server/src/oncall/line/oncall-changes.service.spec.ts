import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { OnCallChanges } from './oncall-changes.service';
import type { ChangeRequest, OnCallChange } from '../oncall.ports';
import { FakeOnCallStore } from '../testing/fake-oncall';

const at = new Date('2026-03-02T08:00:00Z');
const request = (expectedPeriodId: number | null, to: ChangeRequest['to']): ChangeRequest => ({
  divisionId: 1,
  to,
  source: 'panel',
  expectedPeriodId,
  at,
  endedBy: 'user:1',
  audit: { callerId: null, channelOrIp: '127.0.0.1' },
});

describe('OnCallChanges', () => {
  it('emits one change per commit to every listener in order, even when one fails; a conflict emits nothing', async () => {
    const store = new FakeOnCallStore();
    const changes = new OnCallChanges(store);
    const heard: string[] = [];
    const seen: OnCallChange[] = [];
    changes.subscribe('first', async () => void heard.push('first'));
    changes.subscribe('failing', () => Promise.reject(new Error('PBX down')));
    changes.subscribe('last', async (change) => void seen.push(change));
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) }).child({ divisionId: 1 });

    const taken = await changes.change(request(null, { memberId: 7, phone: '1001' }), { divisionName: 'Night', memberName: 'Alice', logger });
    expect(taken.outcome).toBe('changed');
    expect(heard).toEqual(['first']);
    expect(seen).toEqual([{ divisionId: 1, divisionName: 'Night', memberId: 7, memberName: 'Alice', phone: '1001', source: 'panel', at, previous: null }]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/failing failed; the change stands/);
    expect(lines[0]?.match(/"divisionId"/g)).toHaveLength(1);

    // A release based on an old read loses and tells nobody.
    expect((await changes.change(request(null, null), { divisionName: 'Night', memberName: null, logger })).outcome).toBe('conflict');
    expect(seen).toHaveLength(1);
    const released = await changes.change(request(1, null), { divisionName: 'Night', memberName: null, logger });
    expect(released).toMatchObject({ outcome: 'changed', period: null });
    expect(seen.at(-1)).toMatchObject({ memberId: null, phone: null, previous: { memberId: 7, phone: '1001' } });
  });
});
