import { expect, it } from 'vitest';
import { IllegalTransitionError } from '../illegal-transition';

/** What the table test needs of a state machine. */
export interface TableDrivenMachine<S extends string> {
  readonly state: S;
  canTransition(to: S): boolean;
  transition(to: S): void;
}

/**
 * One test per machine: every (from, to) pair against `expected`, the diagram written out again
 * so a change to either the machine or the test shows up. `machineIn` puts a fresh machine in a
 * state; `step` makes one move (for machines whose moves carry data). Behaviour is tested through
 * the phone, not here.
 */
export function itFollowsTheTable<S extends string, M extends TableDrivenMachine<S>>(
  expected: Record<S, readonly S[]>,
  machineIn: (state: S) => M,
  step: (machine: M, to: S) => void = (machine, to) => machine.transition(to),
): void {
  it('follows its transition table and refuses every other move', () => {
    const states = Object.keys(expected) as S[];
    const wrong: string[] = [];
    for (const from of states) {
      for (const to of states) {
        const legal = expected[from].includes(to);
        const machine = machineIn(from);
        expect(machine.state).toBe(from);
        if (machine.canTransition(to) !== legal) wrong.push(`${from} → ${to}: canTransition says ${!legal}`);
        try {
          step(machine, to);
          if (!legal) wrong.push(`${from} → ${to}: allowed`);
          else if (machine.state !== to) wrong.push(`${from} → ${to}: ended in ${machine.state}`);
        } catch (error) {
          if (legal || !(error instanceof IllegalTransitionError)) wrong.push(`${from} → ${to}: threw ${String(error)}`);
          else if (machine.state !== from) wrong.push(`${from} → ${to}: moved to ${machine.state} after refusing`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
}
