import { createUserSchema, resetPasswordSchema, updateUserSchema, userIdParamSchema } from '@ondeck/shared';
import { contractRoute, currentActor, parseInput, type ApiContext, type RouteDefinition } from '../http';
import { toUserRecord } from './user';
import type { UsersService } from './users.service';

function idParam(ctx: ApiContext): number {
  return parseInput(userIdParamSchema, ctx.params).id;
}

export function usersRoutes(users: UsersService): RouteDefinition[] {
  return [
    contractRoute('users.list', ['admin'], async () => (await users.list()).map(toUserRecord)),
    contractRoute('users.create', ['admin'], async (ctx) => {
      const input = parseInput(createUserSchema, ctx.request.body);
      return toUserRecord(await users.create(input, currentActor(ctx)));
    }),
    contractRoute('users.get', ['admin'], async (ctx) => toUserRecord(await users.get(idParam(ctx)))),
    contractRoute('users.update', ['admin'], async (ctx) => {
      const id = idParam(ctx);
      const changes = parseInput(updateUserSchema, ctx.request.body);
      return toUserRecord(await users.update(id, changes, currentActor(ctx)));
    }),
    contractRoute('users.remove', ['admin'], async (ctx) => {
      await users.delete(idParam(ctx), currentActor(ctx));
    }),
    contractRoute('users.resetPassword', ['admin'], async (ctx) => {
      const id = idParam(ctx);
      const { password } = parseInput(resetPasswordSchema, ctx.request.body);
      await users.resetPassword(id, password, currentActor(ctx));
    }),
  ];
}
