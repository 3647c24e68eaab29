import type { Logger } from 'pino';
import type { ChangeRequest, ChangeResult, OnCallChange, OnCallStore } from '../oncall.ports';

/** What a committed change needs besides the request: the names the listeners pass on. */
export interface ChangeContext {
  divisionName: string;
  /** The name of `request.to`'s member; null when the line goes to nobody. */
  memberName: string | null;
  /** The caller's logger, already bound to the division (and the call or the user). */
  logger: Logger;
}

export type ChangeListener = (change: OnCallChange) => Promise<void>;

/**
 * The one way who-is-on-call changes. `change()` runs the transaction (with its expected-period
 * check) and, when it commits, tells every listener once, in the order they subscribed: PBX
 * routing, schedule overrides, the webhook outbox, open boards. A listener's failure is logged
 * and does not undo the change or stop the others.
 */
export class OnCallChanges {
  private readonly listeners: { name: string; listener: ChangeListener }[] = [];

  constructor(private readonly store: Pick<OnCallStore, 'change'>) {}

  /** `name` says what the listener does, for the log line when it fails. */
  subscribe(name: string, listener: ChangeListener): void {
    this.listeners.push({ name, listener });
  }

  async change(request: ChangeRequest, context: ChangeContext): Promise<ChangeResult> {
    const result = await this.store.change(request);
    if (result.outcome === 'conflict') return result;
    const change: OnCallChange = {
      divisionId: request.divisionId,
      divisionName: context.divisionName,
      memberId: request.to?.memberId ?? null,
      memberName: request.to ? context.memberName : null,
      phone: request.to?.phone ?? null,
      source: request.source,
      at: request.at,
      previous: result.previous ? { memberId: result.previous.memberId, phone: result.previous.phone } : null,
    };
    for (const { name, listener } of this.listeners) {
      try {
        await listener(change);
      } catch (error) {
        // context.logger already names the division (and the call or user): no second divisionId key.
        context.logger.error({ err: error }, `after an on-call change, ${name} failed; the change stands`);
      }
    }
    return result;
  }
}
