import type { HealthResponse } from '@ondeck/shared';
import type { Clock } from '../config';
import { currentUser, route, type RouteDefinition } from '../http';
import { statusForRole, type PbxStatusSource } from './pbx-status';

export const APP_VERSION = '0.1.0';

export function healthRoutes(pbxStatus: PbxStatusSource, clock: Clock, startedAt: number): RouteDefinition[] {
  return [
    route('GET', '/health', 'public', async (ctx) => {
      const body: HealthResponse = { status: 'ok', version: APP_VERSION, uptimeSeconds: Math.floor((clock.now() - startedAt) / 1000) };
      ctx.set('Cache-Control', 'no-store');
      ctx.body = body;
    }),
    route('GET', '/status', 'authenticated', async (ctx) => {
      ctx.body = statusForRole(pbxStatus.current(), currentUser(ctx).user.role === 'admin');
    }),
  ];
}
