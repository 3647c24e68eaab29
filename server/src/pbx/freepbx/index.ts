export { ExtensionNames, DEFAULT_NAMES_REFRESH_MS } from './extension-names';
export type { ExtensionNamesLogger, ExtensionNamesOptions } from './extension-names';
export { FreePbxUsersRepository, createFreePbxPool, MAX_NAME_LENGTH } from './freepbx-users.repository';
export type { ExtensionNameSource } from './freepbx-users.repository';
