import { describe, expect, it } from 'vitest';
import { CallLink, CallLinkMachine, MAX_REFRESH_ATTEMPTS, refreshVerdict } from './call-link';
import { itFollowsTheTable } from './testing/transition-table';

/** The diagram in call-link.ts, written out again so a change to either side shows up here. */
const EXPECTED: Record<CallLink, CallLink[]> = {
  [CallLink.Connected]: [CallLink.Reconnecting, CallLink.Lost],
  [CallLink.Reconnecting]: [CallLink.Refreshing, CallLink.Lost],
  [CallLink.Refreshing]: [CallLink.Connected, CallLink.Reconnecting, CallLink.Lost],
  [CallLink.Lost]: [],
};

const ROUTE: Record<CallLink, CallLink[]> = {
  [CallLink.Connected]: [],
  [CallLink.Reconnecting]: [CallLink.Reconnecting],
  [CallLink.Refreshing]: [CallLink.Reconnecting, CallLink.Refreshing],
  [CallLink.Lost]: [CallLink.Lost],
};

function machineIn(state: CallLink): CallLinkMachine {
  const machine = new CallLinkMachine();
  for (const step of ROUTE[state]) machine.transition(step);
  return machine;
}

describe('CallLinkMachine', () => {
  it('starts connected and not interrupted', () => {
    const machine = new CallLinkMachine();
    expect(machine.state).toBe(CallLink.Connected);
    expect(machine.interrupted).toBe(false);
  });

  itFollowsTheTable(EXPECTED, machineIn);

  it('counts as interrupted only while reconnecting or refreshing', () => {
    expect(machineIn(CallLink.Reconnecting).interrupted).toBe(true);
    expect(machineIn(CallLink.Refreshing).interrupted).toBe(true);
    expect(machineIn(CallLink.Lost).interrupted).toBe(false);
  });

  it('survives a drop, a glare and a second drop before the refresh is answered', () => {
    const machine = new CallLinkMachine();
    for (const step of [CallLink.Reconnecting, CallLink.Refreshing, CallLink.Reconnecting, CallLink.Refreshing, CallLink.Connected]) {
      machine.transition(step);
    }
    expect(machine.state).toBe(CallLink.Connected);
  });
});

describe('refreshVerdict', () => {
  it('keeps the call on any 2xx', () => {
    expect(refreshVerdict(200, 1)).toBe('kept');
    expect(refreshVerdict(202, 3)).toBe('kept');
  });

  it('retries glare (491) a bounded number of times', () => {
    for (let attempt = 1; attempt < MAX_REFRESH_ATTEMPTS; attempt += 1) expect(refreshVerdict(491, attempt)).toBe('retry');
    expect(refreshVerdict(491, MAX_REFRESH_ATTEMPTS)).toBe('lost');
  });

  it('loses the call when the far end cannot be reached or forgot the dialog', () => {
    for (const code of [408, 477, 481, 500, 503, 603]) expect(refreshVerdict(code, 1)).toBe('lost');
  });

  it('refuses codes that are not final responses', () => {
    for (const code of [0, 100, 180, 199, 700, 200.5, Number.NaN]) expect(() => refreshVerdict(code, 1)).toThrow(RangeError);
  });
});
