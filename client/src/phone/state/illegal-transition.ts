/** Thrown by every phone state machine's `transition()` when its diagram forbids a move. */
export class IllegalTransitionError<S extends string = string> extends Error {
  constructor(
    readonly machine: string,
    readonly from: S,
    readonly to: S,
  ) {
    super(`Illegal ${machine} transition ${from} → ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

/** Throws `IllegalTransitionError` unless `table[from]` lists `to`. */
export function assertTransition<S extends string>(machine: string, table: Record<S, readonly S[]>, from: S, to: S): void {
  if (!table[from].includes(to)) throw new IllegalTransitionError(machine, from, to);
}

/** A state plus the table of moves allowed from each state; `transition()` is the only way to change it. */
export class TableStateMachine<S extends string> {
  #state: S;

  constructor(
    private readonly machine: string,
    private readonly table: Record<S, readonly S[]>,
    initial: S,
  ) {
    this.#state = initial;
  }

  get state(): S {
    return this.#state;
  }

  canTransition(to: S): boolean {
    return this.table[this.#state].includes(to);
  }

  /** Moves to `to`, or throws `IllegalTransitionError` when the table forbids it. */
  transition(to: S): void {
    assertTransition(this.machine, this.table, this.#state, to);
    this.#state = to;
  }
}
