import { createUserSchema, resetPasswordSchema, updateUserSchema, userIdParamSchema } from '@ondeck/shared';
import { currentActor, parseInput, route, type ApiContext, type RouteDefinition } from '../http';
import { toUserRecord } from './user';
import type { UsersService } from './users.service';

function idParam(ctx: ApiContext): number {
  return parseInput(userIdParamSchema, ctx.params).id;
}

export function usersRoutes(users: UsersService): RouteDefinition[] {
  return [
    route('GET', '/users', ['admin'], async (ctx) => {
      ctx.body = (await users.list()).map(toUserRecord);
    }),
    route('POST', '/users', ['admin'], async (ctx) => {
      const input = parseInput(createUserSchema, ctx.request.body);
      ctx.status = 201;
      ctx.body = toUserRecord(await users.create(input, currentActor(ctx)));
    }),
    route('GET', '/users/:id', ['admin'], async (ctx) => {
      ctx.body = toUserRecord(await users.get(idParam(ctx)));
    }),
    route('PATCH', '/users/:id', ['admin'], async (ctx) => {
      const id = idParam(ctx);
      const changes = parseInput(updateUserSchema, ctx.request.body);
      ctx.body = toUserRecord(await users.update(id, changes, currentActor(ctx)));
    }),
    route('DELETE', '/users/:id', ['admin'], async (ctx) => {
      await users.delete(idParam(ctx), currentActor(ctx));
      ctx.status = 204;
    }),
    route('POST', '/users/:id/password', ['admin'], async (ctx) => {
      const id = idParam(ctx);
      const { password } = parseInput(resetPasswordSchema, ctx.request.body);
      await users.resetPassword(id, password, currentActor(ctx));
      ctx.status = 204;
    }),
  ];
}
