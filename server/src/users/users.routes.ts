import { createUserSchema, resetPasswordSchema, updateUserSchema, userIdParamSchema } from '@ondeck/shared';
import { currentUser, parseInput, route, type ApiContext, type RouteDefinition } from '../http';
import { toUserRecord } from './user';
import type { Actor, UsersService } from './users.service';

function actorOf(ctx: ApiContext): Actor {
  const { user } = currentUser(ctx);
  return { id: user.id, username: user.username, ip: ctx.ip };
}

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
      ctx.body = toUserRecord(await users.create(input, actorOf(ctx)));
    }),
    route('GET', '/users/:id', ['admin'], async (ctx) => {
      ctx.body = toUserRecord(await users.get(idParam(ctx)));
    }),
    route('PATCH', '/users/:id', ['admin'], async (ctx) => {
      const id = idParam(ctx);
      const changes = parseInput(updateUserSchema, ctx.request.body);
      ctx.body = toUserRecord(await users.update(id, changes, actorOf(ctx)));
    }),
    route('DELETE', '/users/:id', ['admin'], async (ctx) => {
      await users.delete(idParam(ctx), actorOf(ctx));
      ctx.status = 204;
    }),
    route('POST', '/users/:id/password', ['admin'], async (ctx) => {
      const id = idParam(ctx);
      const { password } = parseInput(resetPasswordSchema, ctx.request.body);
      await users.resetPassword(id, password, actorOf(ctx));
      ctx.status = 204;
    }),
  ];
}
