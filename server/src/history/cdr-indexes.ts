import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Queryable } from '../db';

/**
 * OnDeck's indexes on FreePBX's CDR table, from cdr-indexes.sql (the one list: install.sh applies
 * the same file with the mariadb client). Used by the demo and the call-log benchmark; production
 * gets them from the installer, as OnDeck's own account may only read the CDR database.
 */
export const CDR_INDEXES_FILE = fileURLToPath(new URL('./cdr-indexes.sql', import.meta.url));

const TABLE_NAME = /^[A-Za-z0-9_]{1,64}$/;

/** The CREATE INDEX statements of the file, comments dropped, for the table `cdr`. */
export function cdrIndexStatements(sql = readFileSync(CDR_INDEXES_FILE, 'utf8')): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .split(';')
    .map((statement) => statement.trim().replace(/\s+/g, ' '))
    .filter((statement) => statement.length > 0);
}

/** The index names, ondeck_… every one. */
export function cdrIndexNames(statements = cdrIndexStatements()): string[] {
  return statements.map((statement) => /^CREATE INDEX IF NOT EXISTS (ondeck_\w+) ON /i.exec(statement)?.[1] ?? '').filter((name) => name !== '');
}

function forTable(statement: string, table: string): string {
  if (!TABLE_NAME.test(table)) throw new Error(`"${table}" is not a plain table name`);
  return statement.replace(/ ON cdr \(/, ` ON \`${table}\` (`);
}

/** Creates the missing indexes on `table` (default FreePBX's `cdr`); running it again changes nothing. */
export async function applyCdrIndexes(db: Queryable, table = 'cdr'): Promise<string[]> {
  const statements = cdrIndexStatements();
  for (const statement of statements) await db.query(forTable(statement, table));
  return cdrIndexNames(statements);
}

/** Drops exactly OnDeck's indexes (an uninstall); FreePBX's own stay. */
export async function dropCdrIndexes(db: Queryable, table = 'cdr'): Promise<void> {
  if (!TABLE_NAME.test(table)) throw new Error(`"${table}" is not a plain table name`);
  for (const name of cdrIndexNames()) await db.query(`DROP INDEX IF EXISTS \`${name}\` ON \`${table}\``);
}
