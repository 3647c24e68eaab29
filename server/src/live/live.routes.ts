import { currentActor, route, type RouteDefinition } from '../http';
import type { PbxFeed } from './ports';
import { scopeSnapshot } from './scope-filter';

/**
 * REST views of the live model, filtered exactly like the socket snapshot. `stale` says the
 * PBX link is down and the data may be old, so a client never shows it as live.
 */
export function liveRoutes(pbx: PbxFeed): RouteDefinition[] {
  const scoped = (ctx: Parameters<RouteDefinition['handler']>[0]) =>
    scopeSnapshot(currentActor(ctx).scope, pbx.snapshot());
  return [
    route('GET', '/extensions', 'authenticated', async (ctx) => {
      const { stale, extensions } = scoped(ctx);
      ctx.body = { stale, extensions };
    }),
    route('GET', '/calls', 'authenticated', async (ctx) => {
      const { stale, calls } = scoped(ctx);
      ctx.body = { stale, calls };
    }),
    route('GET', '/queues', 'authenticated', async (ctx) => {
      const { stale, queues } = scoped(ctx);
      ctx.body = { stale, queues };
    }),
  ];
}
