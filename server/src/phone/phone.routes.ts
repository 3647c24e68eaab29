import { setPhoneSecretSchema, setRecordingSchema } from '@ondeck/shared';
import { currentActor, parseInput, route, type RouteDefinition } from '../http';
import type { PhoneRecordingService } from './phone-recording.service';
import type { PhoneService } from './phone.service';

export function phoneRoutes(phone: PhoneService, recording: PhoneRecordingService): RouteDefinition[] {
  return [
    route('PUT', '/phone/recording', 'authenticated', async (ctx) => {
      ctx.body = await recording.set(parseInput(setRecordingSchema, ctx.request.body), currentActor(ctx));
    }),
    route('GET', '/phone/config', 'authenticated', async (ctx) => {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await phone.configFor(currentActor(ctx));
    }),
    route('GET', '/phone/secrets', ['admin'], async (ctx) => {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await phone.listSecrets();
    }),
    route('PUT', '/phone/secrets/:extension', ['admin'], async (ctx) => {
      const { secret } = parseInput(setPhoneSecretSchema, ctx.request.body);
      ctx.body = await phone.setSecret(ctx.params.extension ?? '', secret, currentActor(ctx));
    }),
    route('DELETE', '/phone/secrets/:extension', ['admin'], async (ctx) => {
      await phone.clearSecret(ctx.params.extension ?? '', currentActor(ctx));
      ctx.status = 204;
    }),
  ];
}
