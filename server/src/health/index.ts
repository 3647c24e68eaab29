export { healthRoutes, APP_VERSION } from './health.routes';
export { DisabledPbxStatusSource, statusForRole, type PbxStatusSource } from './pbx-status';
