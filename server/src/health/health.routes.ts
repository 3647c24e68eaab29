import type { ApiErrorBody } from '@ondeck/shared';
import type { Clock } from '../lib/clock';
import { contractRoute, currentUser, ExplicitReply, type RouteDefinition } from '../http';
import { statusForRole, type PbxStatusSource } from './pbx-status';

export const APP_VERSION = '0.1.0';

export interface HealthChecks {
  /** Rejects when the database cannot answer a trivial query. */
  database(): Promise<void>;
}

export function healthRoutes(pbxStatus: PbxStatusSource, clock: Clock, startedAt: number, checks: HealthChecks): RouteDefinition[] {
  return [
    contractRoute('health.get', 'public', async (ctx) => {
      ctx.set('Cache-Control', 'no-store');
      // Monitoring should see "down" when sign-in cannot work; the PBX link is reported by /status instead.
      const databaseOk = await checks.database().then(
        () => true,
        () => false,
      );
      if (!databaseOk) {
        // Not thrown: the error handler hides 5xx text, and monitoring should read the reason.
        const down: ApiErrorBody = { error: { code: 'internal', message: 'OnDeck cannot reach its database. Check that MariaDB is running.' } };
        return new ExplicitReply(503, down);
      }
      return { status: 'ok', version: APP_VERSION, uptimeSeconds: Math.floor((clock.now() - startedAt) / 1000) };
    }),
    contractRoute('status.get', 'authenticated', async (ctx) => statusForRole(pbxStatus.current(), currentUser(ctx).user.role === 'admin')),
  ];
}
