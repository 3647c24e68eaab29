import { describe, expect, it } from 'vitest';
import { CallMachine, CallState } from './call-state';
import { itFollowsTheTable } from './testing/transition-table';

/** The diagram in call-state.ts, written out again so a change to either side shows up here. */
const EXPECTED: Record<CallState, CallState[]> = {
  [CallState.Idle]: [CallState.RingingIn, CallState.RingingOut, CallState.Ended],
  [CallState.RingingIn]: [CallState.Talking, CallState.Ended],
  [CallState.RingingOut]: [CallState.Talking, CallState.Ended],
  [CallState.Talking]: [CallState.Held, CallState.Consulting, CallState.Conference, CallState.Ended],
  [CallState.Held]: [CallState.Talking, CallState.Consulting, CallState.Conference, CallState.Ended],
  [CallState.Consulting]: [CallState.Talking, CallState.Held, CallState.Ended],
  [CallState.Conference]: [CallState.Talking, CallState.Held, CallState.Ended],
  [CallState.Ended]: [],
};

/** Shortest legal route from idle to each state, to put a machine there. */
const ROUTE: Record<CallState, CallState[]> = {
  [CallState.Idle]: [],
  [CallState.RingingIn]: [CallState.RingingIn],
  [CallState.RingingOut]: [CallState.RingingOut],
  [CallState.Talking]: [CallState.RingingIn, CallState.Talking],
  [CallState.Held]: [CallState.RingingIn, CallState.Talking, CallState.Held],
  [CallState.Consulting]: [CallState.RingingOut, CallState.Talking, CallState.Consulting],
  [CallState.Conference]: [CallState.RingingOut, CallState.Talking, CallState.Conference],
  [CallState.Ended]: [CallState.Ended],
};

function machineIn(state: CallState): CallMachine {
  const machine = new CallMachine();
  for (const step of ROUTE[state]) machine.transition(step);
  return machine;
}

describe('CallMachine', () => {
  it('starts idle', () => {
    expect(new CallMachine().state).toBe(CallState.Idle);
  });

  itFollowsTheTable(EXPECTED, machineIn);

  it('names the machine and both states in the error', () => {
    const machine = machineIn(CallState.Ended);
    expect(() => machine.transition(CallState.Talking)).toThrow('Illegal call transition ended → talking');
  });
});
