import { setPhoneSecretSchema, setRecordingSchema } from '@ondeck/shared';
import { contractRoute, currentUser, parseInput, type RouteDefinition } from '../http';
import type { PhoneRecordingService } from './phone-recording.service';
import type { PhoneService } from './phone.service';

export function phoneRoutes(phone: PhoneService, recording: PhoneRecordingService): RouteDefinition[] {
  return [
    contractRoute('phone.setRecording', 'authenticated', async (ctx) => {
      const { user } = currentUser(ctx);
      return recording.set(parseInput(setRecordingSchema, ctx.request.body), { user, ip: ctx.ip });
    }),
    contractRoute('phone.config', 'authenticated', async (ctx) => {
      const { user } = currentUser(ctx);
      ctx.set('Cache-Control', 'no-store');
      return phone.configFor({ user, ip: ctx.ip });
    }),
    contractRoute('phone.listSecrets', ['admin'], async (ctx) => {
      ctx.set('Cache-Control', 'no-store');
      return phone.listSecrets();
    }),
    contractRoute('phone.setSecret', ['admin'], async (ctx) => {
      const { secret } = parseInput(setPhoneSecretSchema, ctx.request.body);
      const { user } = currentUser(ctx);
      return phone.setSecret(ctx.params.extension ?? '', secret, { user, ip: ctx.ip });
    }),
    contractRoute('phone.clearSecret', ['admin'], async (ctx) => {
      const { user } = currentUser(ctx);
      await phone.clearSecret(ctx.params.extension ?? '', { user, ip: ctx.ip });
    }),
  ];
}
