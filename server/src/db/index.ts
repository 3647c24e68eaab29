export { createPool, ensureDatabase, DatabaseUnavailableError, dropDatabase, withTransaction, type Queryable, type Pool, type PoolConnection } from './pool';
export { runMigrations, listMigrations, MigrationError, MIGRATIONS_DIR } from './migrations';
export { AuditRepository, type AuditEntry, type AuditResult } from './audit.repository';
