import { describe, expect, it, vi } from 'vitest';
import type { CallView } from '@ondeck/shared';
import type { AuditRepository } from '../db';
import type { Logger } from '../logging';
import { PhoneRecordingService } from './phone-recording.service';

const agent = { id: 3, username: 'agent', role: 'agent', extension: '1002', ip: '127.0.0.1' } as const;

function callOf(id: string, channel: string): CallView {
  return {
    id, direction: 'internal', state: 'up', relations: [], extensions: ['1002', '1003'], spiedBy: [], startedAt: 0,
    parties: [
      { number: '1002', extension: '1002', external: false, channel },
      { number: '1003', extension: '1003', external: false, channel: `PJSIP/1003-${id}` },
    ],
  } as unknown as CallView;
}

describe('PhoneRecordingService', () => {
  it('forgets a recorded channel once its call has hung up', async () => {
    let calls: CallView[] = [callOf('1.1', 'PJSIP/1002-00000001')];
    const service = new PhoneRecordingService({
      pbx: { calls: () => calls, action: vi.fn(async () => ({})) },
      allowedRoles: () => ['agent'],
      audit: { record: vi.fn(async () => undefined) } as unknown as AuditRepository,
      logger: { warn: vi.fn() } as unknown as Logger,
      clock: { now: () => Date.parse('2026-12-01T10:00:00Z') },
    });
    await service.set({ on: true }, agent);
    expect(service.trackedChannels).toBe(1);
    // The first call hangs up (MixMonitor ends with it); the agent records the next one.
    calls = [callOf('2.1', 'PJSIP/1002-00000002')];
    const next = await service.set({ on: true }, agent);
    expect(next.recording).toBe(true);
    expect(service.trackedChannels).toBe(1);
    calls = [];
    service.forgetEnded();
    expect(service.trackedChannels).toBe(0);
  });
});
