import { describe, expect, it } from 'vitest';
import { RegistrationMachine, RegistrationState, type RegistrationFailure } from './registration-state';
import { itFollowsTheTable } from './testing/transition-table';

const { Unregistered, Registering, Registered, Reconnecting, Failed } = RegistrationState;
const FAILURE: RegistrationFailure = { reason: 'auth', message: 'wrong password', statusCode: 403 };

const EXPECTED: Record<RegistrationState, RegistrationState[]> = {
  [Unregistered]: [Registering],
  [Registering]: [Registered, Failed, Reconnecting, Unregistered],
  [Registered]: [Reconnecting, Failed, Unregistered],
  [Reconnecting]: [Registering, Failed, Unregistered],
  [Failed]: [Registering, Unregistered],
};

const ROUTE: Record<RegistrationState, RegistrationState[]> = {
  [Unregistered]: [],
  [Registering]: [Registering],
  [Registered]: [Registering, Registered],
  [Reconnecting]: [Registering, Registered, Reconnecting],
  [Failed]: [Registering, Failed],
};

function step(machine: RegistrationMachine, to: RegistrationState): void {
  machine.transition(to, to === Failed ? FAILURE : undefined);
}

function machineIn(state: RegistrationState): RegistrationMachine {
  const machine = new RegistrationMachine();
  for (const to of ROUTE[state]) step(machine, to);
  return machine;
}

describe('RegistrationMachine', () => {
  itFollowsTheTable(EXPECTED, machineIn, step);

  it('keeps the failure only while failed', () => {
    const machine = machineIn(Failed);
    expect(machine.failure).toEqual(FAILURE);
    machine.transition(Registering);
    expect(machine.failure).toBeNull();
  });

  it('refuses a failed state without a reason, and a reason on any other state', () => {
    const machine = machineIn(Registering);
    expect(() => machine.transition(Failed)).toThrow('needs a failure reason');
    expect(() => machine.transition(Registered, FAILURE)).toThrow('Only failed carries a failure');
    expect(machine.state).toBe(Registering);
  });
});
