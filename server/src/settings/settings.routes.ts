import { updateSettingsSchema } from '@ondeck/shared';
import { contractRoute, currentActor, parseInput, type RouteDefinition } from '../http';
import type { SettingsService } from './settings.service';

export function settingsRoutes(settings: SettingsService): RouteDefinition[] {
  return [
    // Only the fields each audience needs: the contract's type alone would let extra ones through.
    contractRoute('settings.public', 'public', async () => {
      const { siteName } = settings.current();
      return { siteName };
    }),
    contractRoute('settings.panel', 'authenticated', async () => {
      const { siteName, pauseReasons, onCallFeatureCode } = settings.current();
      return { siteName, pauseReasons, onCallFeatureCode };
    }),
    contractRoute('settings.get', ['admin'], async () => settings.current()),
    contractRoute('settings.update', ['admin'], async (ctx) => {
      const changes = parseInput(updateSettingsSchema, ctx.request.body);
      return settings.update(changes, currentActor(ctx));
    }),
  ];
}
