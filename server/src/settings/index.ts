export { SettingsService } from './settings.service';
export { SettingsRepository } from './settings.repository';
export { settingsRoutes } from './settings.routes';
