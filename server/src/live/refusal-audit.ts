import type { AuditEntry } from '../db';
import { runDetached } from '../lib/detached';
import type { Logger } from '../logging';

export interface RefusalAuditTimers {
  /** Runs `run` once after `ms`; returns a cancel function. */
  schedule(ms: number, run: () => void): () => void;
}

export const systemRefusalTimers: RefusalAuditTimers = {
  schedule(ms, run) {
    const timer = setTimeout(run, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** One person's refusals since the first one was written. */
interface Burst {
  first: AuditEntry;
  suppressed: number;
  actions: Map<string, number>;
  cancel: () => void;
}

/**
 * Refused panel actions (denied, rate limited) go to the audit log without letting a script
 * fill it: the first refusal of a person is written at once; further refusals within
 * `windowMs` are counted, and one summary row (`live.refused.burst`, with the count per
 * action) is written when the window closes. A thousand refusals in a second are two rows.
 */
export class RefusalAudit {
  private readonly bursts = new Map<number | null, Burst>();

  constructor(
    private readonly write: (entry: AuditEntry) => Promise<void>,
    private readonly logger: Pick<Logger, 'error'>,
    private readonly windowMs = 10_000,
    private readonly timers: RefusalAuditTimers = systemRefusalTimers,
  ) {}

  async refused(entry: AuditEntry): Promise<void> {
    if (this.windowMs <= 0) return this.write(entry);
    const open = this.bursts.get(entry.actorId);
    if (open) {
      open.suppressed += 1;
      open.actions.set(entry.action, (open.actions.get(entry.action) ?? 0) + 1);
      return;
    }
    const burst: Burst = { first: entry, suppressed: 0, actions: new Map(), cancel: () => undefined };
    this.bursts.set(entry.actorId, burst);
    burst.cancel = this.timers.schedule(this.windowMs, () => runDetached(this.logger, 'refusal audit summary', () => this.close(entry.actorId)));
    await this.write(entry);
  }

  /** Writes every open burst's summary now (shutdown, tests). */
  async flush(): Promise<void> {
    await Promise.all([...this.bursts.keys()].map((actorId) => this.close(actorId)));
  }

  private async close(actorId: number | null): Promise<void> {
    const burst = this.bursts.get(actorId);
    if (!burst) return;
    this.bursts.delete(actorId);
    burst.cancel();
    if (burst.suppressed === 0) return;
    const { first } = burst;
    await this.write({
      actorId: first.actorId,
      actorName: first.actorName ?? null,
      action: 'live.refused.burst',
      target: null,
      result: 'denied',
      ip: first.ip ?? null,
      details: { count: burst.suppressed, windowMs: this.windowMs, actions: Object.fromEntries(burst.actions) },
    });
  }
}
