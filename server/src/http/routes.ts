import type { AuthService } from '../auth/auth.service';
import { authRoutes } from '../auth/auth.routes';
import type { Clock } from '../config';
import { healthRoutes, type HealthChecks } from '../health/health.routes';
import type { PbxStatusSource } from '../health/pbx-status';
import type { SettingsService } from '../settings/settings.service';
import { settingsRoutes } from '../settings/settings.routes';
import type { UsersService } from '../users/users.service';
import { usersRoutes } from '../users/users.routes';
import type { RouteDefinition } from './route';

export interface RouteServices {
  auth: AuthService;
  users: UsersService;
  settings: SettingsService;
  pbxStatus: PbxStatusSource;
  clock: Clock;
  startedAt: number;
  health: HealthChecks;
}

/**
 * THE list of REST routes. A new domain adds one line here (or arrives as a ServerModule, whose
 * routes are `moduleRoutes`); every route declares its access, and the authorization matrix
 * test picks them all up automatically.
 */
export function apiRoutes(services: RouteServices, moduleRoutes: readonly RouteDefinition[] = []): RouteDefinition[] {
  return [
    ...healthRoutes(services.pbxStatus, services.clock, services.startedAt, services.health),
    ...authRoutes(services.auth),
    ...usersRoutes(services.users),
    ...settingsRoutes(services.settings),
    ...moduleRoutes,
  ];
}
