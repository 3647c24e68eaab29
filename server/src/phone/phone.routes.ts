import { setPhoneSecretSchema, setRecordingSchema } from '@ondeck/shared';
import { contractRoute, currentActor, parseInput, type RouteDefinition } from '../http';
import type { PhoneRecordingService } from './phone-recording.service';
import type { PhoneService } from './phone.service';

export function phoneRoutes(phone: PhoneService, recording: PhoneRecordingService): RouteDefinition[] {
  return [
    contractRoute('phone.setRecording', 'authenticated', async (ctx) => {
      return recording.set(parseInput(setRecordingSchema, ctx.request.body), currentActor(ctx));
    }),
    contractRoute('phone.config', 'authenticated', async (ctx) => {
      ctx.set('Cache-Control', 'no-store');
      return phone.configFor(currentActor(ctx));
    }),
    contractRoute('phone.listSecrets', ['admin'], async (ctx) => {
      ctx.set('Cache-Control', 'no-store');
      return phone.listSecrets();
    }),
    contractRoute('phone.setSecret', ['admin'], async (ctx) => {
      const { secret } = parseInput(setPhoneSecretSchema, ctx.request.body);

      return phone.setSecret(ctx.params.extension ?? '', secret, currentActor(ctx));
    }),
    contractRoute('phone.clearSecret', ['admin'], async (ctx) => {
      await phone.clearSecret(ctx.params.extension ?? '', currentActor(ctx));
    }),
  ];
}
