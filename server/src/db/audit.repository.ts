import type { Queryable } from './pool';

export type AuditResult = 'success' | 'failure' | 'denied';

export interface AuditEntry {
  /** Who did it; null for anonymous actions such as a failed sign-in. */
  actorId: number | null;
  actorName?: string | null;
  /** Dotted verb, e.g. `auth.login`, `users.update`, `pbx.hangup`. */
  action: string;
  /** What it was done to, e.g. `user:12`, `channel:PJSIP/1001-0000002a`. */
  target?: string | null;
  result: AuditResult;
  details?: Record<string, unknown> | null;
  ip?: string | null;
}

/** The audit trail every domain writes to. */
export class AuditRepository {
  constructor(private readonly db: Queryable) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.db.query(
      'INSERT INTO audit_log (actor_id, actor_name, action, target, result, details, ip) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [
        entry.actorId,
        entry.actorName ?? null,
        entry.action,
        entry.target ?? null,
        entry.result,
        entry.details ? JSON.stringify(entry.details) : null,
        entry.ip ?? null,
      ],
    );
  }
}
