export { loadConfig, parseConfig, ConfigError, type LoadedConfig } from './config.loader';
export { parseEnvText } from './env-file';
export type { AppConfig, DbConfig, LogLevel, NodeEnv } from './config.schema';
