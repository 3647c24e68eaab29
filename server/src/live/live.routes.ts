import { contractRoute, currentActor, type ApiContext, type RouteDefinition } from '../http';
import type { PbxFeed } from './ports';
import { scopeSnapshot } from './scope-filter';

/**
 * REST views of the live model, filtered exactly like the socket snapshot. `stale` says the
 * PBX link is down and the data may be old, so a client never shows it as live.
 */
export function liveRoutes(pbx: PbxFeed): RouteDefinition[] {
  const scoped = (ctx: ApiContext) =>
    scopeSnapshot(currentActor(ctx).scope, pbx.snapshot());
  return [
    contractRoute('live.extensions', 'authenticated', async (ctx) => {
      const { stale, extensions } = scoped(ctx);
      return { stale, extensions };
    }),
    contractRoute('live.calls', 'authenticated', async (ctx) => {
      const { stale, calls } = scoped(ctx);
      return { stale, calls };
    }),
    contractRoute('live.queues', 'authenticated', async (ctx) => {
      const { stale, queues } = scoped(ctx);
      return { stale, queues };
    }),
  ];
}
