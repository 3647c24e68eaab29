export { healthRoutes, APP_VERSION, type HealthChecks } from './health.routes';
export { DisabledPbxStatusSource, statusForRole, type PbxStatusSource } from './pbx-status';
