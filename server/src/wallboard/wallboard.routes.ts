import {
  createWallboardLinkSchema,
  queueThresholdsParamsSchema,
  queueThresholdsSchema,
  wallboardLinkIdSchema,
} from '@ondeck/shared';
import { currentActor, parseInput, route, type RouteDefinition } from '../http';
import type { QueueThresholdsService } from './queue-thresholds.service';
import type { WallboardLinksService } from './wallboard-links.service';

/** Admin-set queue thresholds, admin-managed wallboard links, and the public read-only wall. */
export function wallboardRoutes(thresholds: QueueThresholdsService, links: WallboardLinksService): RouteDefinition[] {
  return [
    route('GET', '/queue-thresholds', ['admin'], async (ctx) => {
      ctx.body = thresholds.list();
    }),
    route('PUT', '/queue-thresholds/:queue', ['admin'], async (ctx) => {
      const { queue } = parseInput(queueThresholdsParamsSchema, ctx.params);
      const values = parseInput(queueThresholdsSchema, ctx.request.body);
      ctx.body = await thresholds.set(queue, values, currentActor(ctx));
    }),
    route('DELETE', '/queue-thresholds/:queue', ['admin'], async (ctx) => {
      const { queue } = parseInput(queueThresholdsParamsSchema, ctx.params);
      ctx.body = await thresholds.reset(queue, currentActor(ctx));
    }),
    route('GET', '/wallboard-links', ['admin'], async (ctx) => {
      ctx.body = await links.list();
    }),
    route('POST', '/wallboard-links', ['admin'], async (ctx) => {
      const request = parseInput(createWallboardLinkSchema, ctx.request.body);
      ctx.status = 201;
      ctx.body = await links.create(request, currentActor(ctx));
    }),
    route('DELETE', '/wallboard-links/:id', ['admin'], async (ctx) => {
      const { id } = parseInput(wallboardLinkIdSchema, ctx.params);
      await links.revoke(id, currentActor(ctx));
      ctx.status = 204;
    }),
    // Public on purpose: the token is the credential. It grants queue figures and nothing else.
    route('GET', '/wall/:token', 'public', async (ctx) => {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await links.open(String(ctx.params.token ?? ''), ctx.ip);
    }),
  ];
}
