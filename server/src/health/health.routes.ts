import type { ApiErrorBody, HealthResponse } from '@ondeck/shared';
import type { Clock } from '../lib/clock';
import { currentUser, route, type RouteDefinition } from '../http';
import { statusForRole, type PbxStatusSource } from './pbx-status';

export const APP_VERSION = '0.1.0';

export interface HealthChecks {
  /** Rejects when the database cannot answer a trivial query. */
  database(): Promise<void>;
}

export function healthRoutes(pbxStatus: PbxStatusSource, clock: Clock, startedAt: number, checks: HealthChecks): RouteDefinition[] {
  return [
    route('GET', '/health', 'public', async (ctx) => {
      ctx.set('Cache-Control', 'no-store');
      // Monitoring should see "down" when sign-in cannot work; the PBX link is reported by /status instead.
      const databaseOk = await checks.database().then(
        () => true,
        () => false,
      );
      if (!databaseOk) {
        ctx.status = 503;
        ctx.body = { error: { code: 'internal', message: 'OnDeck cannot reach its database. Check that MariaDB is running.' } } satisfies ApiErrorBody;
        return;
      }
      const body: HealthResponse = { status: 'ok', version: APP_VERSION, uptimeSeconds: Math.floor((clock.now() - startedAt) / 1000) };
      ctx.body = body;
    }),
    route('GET', '/status', 'authenticated', async (ctx) => {
      ctx.body = statusForRole(pbxStatus.current(), currentUser(ctx).user.role === 'admin');
    }),
  ];
}
