import {
  createWallboardLinkSchema,
  queueThresholdsParamsSchema,
  queueThresholdsSchema,
  wallboardLinkIdSchema,
} from '@ondeck/shared';
import { contractRoute, currentActor, parseInput, type RouteDefinition } from '../http';
import type { QueueThresholdsService } from './queue-thresholds.service';
import type { WallboardLinksService } from './wallboard-links.service';

/** Admin-set queue thresholds, admin-managed wallboard links, and the public read-only wall. */
export function wallboardRoutes(thresholds: QueueThresholdsService, links: WallboardLinksService): RouteDefinition[] {
  return [
    contractRoute('queueThresholds.list', ['admin'], async () => thresholds.list()),
    contractRoute('queueThresholds.set', ['admin'], async (ctx) => {
      const { queue } = parseInput(queueThresholdsParamsSchema, ctx.params);
      const values = parseInput(queueThresholdsSchema, ctx.request.body);
      return thresholds.set(queue, values, currentActor(ctx));
    }),
    contractRoute('queueThresholds.reset', ['admin'], async (ctx) => {
      const { queue } = parseInput(queueThresholdsParamsSchema, ctx.params);
      return thresholds.reset(queue, currentActor(ctx));
    }),
    contractRoute('wallboardLinks.list', ['admin'], async () => links.list()),
    contractRoute('wallboardLinks.create', ['admin'], async (ctx) => {
      const request = parseInput(createWallboardLinkSchema, ctx.request.body);
      return links.create(request, currentActor(ctx));
    }),
    contractRoute('wallboardLinks.revoke', ['admin'], async (ctx) => {
      const { id } = parseInput(wallboardLinkIdSchema, ctx.params);
      await links.revoke(id, currentActor(ctx));
    }),
    // Public on purpose: the token is the credential. It grants queue figures and nothing else.
    contractRoute('wall.get', 'public', async (ctx) => {
      ctx.set('Cache-Control', 'no-store');
      return links.open(String(ctx.params.token ?? ''), ctx.ip);
    }),
  ];
}
