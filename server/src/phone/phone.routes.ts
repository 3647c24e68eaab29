import { setPhoneSecretSchema, setRecordingSchema } from '@ondeck/shared';
import { currentUser, parseInput, route, type RouteDefinition } from '../http';
import type { PhoneRecordingService } from './phone-recording.service';
import type { PhoneService } from './phone.service';

export function phoneRoutes(phone: PhoneService, recording: PhoneRecordingService): RouteDefinition[] {
  return [
    route('PUT', '/phone/recording', 'authenticated', async (ctx) => {
      const { user } = currentUser(ctx);
      ctx.body = await recording.set(parseInput(setRecordingSchema, ctx.request.body), { user, ip: ctx.ip });
    }),
    route('GET', '/phone/config', 'authenticated', async (ctx) => {
      const { user } = currentUser(ctx);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await phone.configFor({ user, ip: ctx.ip });
    }),
    route('GET', '/phone/secrets', ['admin'], async (ctx) => {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await phone.listSecrets();
    }),
    route('PUT', '/phone/secrets/:extension', ['admin'], async (ctx) => {
      const { secret } = parseInput(setPhoneSecretSchema, ctx.request.body);
      const { user } = currentUser(ctx);
      ctx.body = await phone.setSecret(ctx.params.extension ?? '', secret, { user, ip: ctx.ip });
    }),
    route('DELETE', '/phone/secrets/:extension', ['admin'], async (ctx) => {
      const { user } = currentUser(ctx);
      await phone.clearSecret(ctx.params.extension ?? '', { user, ip: ctx.ip });
      ctx.status = 204;
    }),
  ];
}
