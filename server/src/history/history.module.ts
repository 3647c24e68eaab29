import { createHmac } from 'node:crypto';
import type { AppConfig } from '../config';
import type { Pool } from '../db';
import type { Clock } from '../lib/clock';
import type { UsersRepository } from '../users';
import type { Logger } from '../logging';
import { CallLogService, historyScopeOf, scopeCondition } from './call-log/call-log.service';
import { CdrRepository, createCdrPool } from './call-log/cdr.repository';
import { DEFAULT_RULES, type DirectionRules } from './direction';
import { historyRoutes } from './history.routes';
import { QualityRepository } from './quality/quality.repository';
import { StoredQualityLookup, type QualityLookup } from './quality/quality-lookup';
import { RecordingCatalog } from './recordings/recording-catalog';
import { ReportsService } from './reports/reports.service';

/**
 * The call log, its recordings and quality, and the reports, on FreePBX's CDR table (read-only,
 * its own pool and credentials, CDR_DB_*). Nothing is written to the CDR database.
 */
export interface CallHistoryDeps {
  config: AppConfig['history'];
  /** The server secret, from which the recording links' own key is derived. */
  jwtSecret: string;
  /** OnDeck's own database (stored call quality). */
  pool: Pool;
  users: Pick<UsersRepository, 'findById'>;
  clock: Clock;
  logger: Logger;
  /** Call quality from the quality module; by default read from call_quality_legs in OnDeck's database. */
  quality?: QualityLookup;
  /** Extension names for the agents report. */
  nameOf?: (extension: string) => string | undefined;
}

export function createCallHistory(deps: CallHistoryDeps) {
  const history = deps.config;
  const pool = createCdrPool(history.cdr);
  const cdr = new CdrRepository(pool, history.cdr.table, history.timeZone);
  const rules: DirectionRules = { ...DEFAULT_RULES, trunkNames: history.trunkNames };
  const quality = deps.quality ?? new StoredQualityLookup(new QualityRepository(deps.pool));
  const callLog = new CallLogService({ cdr, rules, quality, recordings: new RecordingCatalog(history.recordingsDir) });
  const reports = new ReportsService(
    {
      legsOfCallsBetween: (from, to, scope) => {
        const condition = scopeCondition(historyScopeOf(scope));
        return cdr.legsOfCallsBetween(from, to, condition ? [condition] : []);
      },
    },
    { rules, timeZone: history.timeZone, nameOf: (extension) => deps.nameOf?.(extension) ?? extension },
  );
  // Its own key, derived from the server secret: a recording link can never pass for a session token.
  const linkKey = createHmac('sha256', deps.jwtSecret).update('ondeck recording links v1').digest();
  return {
    callLog,
    reports,
    routes: historyRoutes({ callLog, reports, quality, users: deps.users, linkKey, timeZone: history.timeZone, clock: deps.clock, logger: deps.logger }),
    stop: async (): Promise<void> => {
      await pool.end();
    },
  };
}
