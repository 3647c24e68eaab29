import { updateSettingsSchema, type PanelSettings, type PublicSettings } from '@ondeck/shared';
import { currentActor, parseInput, route, type RouteDefinition } from '../http';
import type { SettingsService } from './settings.service';

export function settingsRoutes(settings: SettingsService): RouteDefinition[] {
  return [
    route('GET', '/settings/public', 'public', async (ctx) => {
      const { siteName } = settings.current();
      ctx.body = { siteName } satisfies PublicSettings;
    }),
    route('GET', '/settings/panel', 'authenticated', async (ctx) => {
      const { siteName, pauseReasons, onCallFeatureCode } = settings.current();
      ctx.body = { siteName, pauseReasons, onCallFeatureCode } satisfies PanelSettings;
    }),
    route('GET', '/settings', ['admin'], async (ctx) => {
      ctx.body = settings.current();
    }),
    route('PUT', '/settings', ['admin'], async (ctx) => {
      const changes = parseInput(updateSettingsSchema, ctx.request.body);
      ctx.body = await settings.update(changes, currentActor(ctx));
    }),
  ];
}
