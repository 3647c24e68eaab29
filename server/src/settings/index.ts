export { SettingsService, type SettingsActor } from './settings.service';
export { SettingsRepository } from './settings.repository';
export { settingsRoutes } from './settings.routes';
