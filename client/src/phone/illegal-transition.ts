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
