import { expect, it } from 'vitest';
import { IllegalTransitionError, type TableStateMachine } from '../illegal-transition';

/**
 * One test per (from, to) pair: `expected` is the diagram written out again, so a change to
 * either the machine or the test shows up; `machineIn` puts a fresh machine in a state.
 */
export function itFollowsTheTable<S extends string>(
  expected: Record<S, readonly S[]>,
  machineIn: (state: S) => TableStateMachine<S>,
): void {
  const states = Object.keys(expected) as S[];
  for (const from of states) {
    for (const to of states) {
      const legal = expected[from].includes(to);
      it(`${legal ? 'allows' : 'refuses'} ${from} → ${to}`, () => {
        const machine = machineIn(from);
        expect(machine.state).toBe(from);
        expect(machine.canTransition(to)).toBe(legal);
        if (legal) {
          machine.transition(to);
          expect(machine.state).toBe(to);
        } else {
          expect(() => machine.transition(to)).toThrow(IllegalTransitionError);
          expect(machine.state).toBe(from);
        }
      });
    }
  }
}
