import { createHmac } from 'node:crypto';
import type { OnDeckServices, ServerModuleFactory } from '../app';
import type { Logger } from '../logging';
import { CallLogService, historyScopeOf, scopeCondition } from './call-log/call-log.service';
import { CdrRepository, createCdrPool } from './call-log/cdr.repository';
import { DEFAULT_RULES, type DirectionRules } from './direction';
import { historyRoutes } from './history.routes';
import { QualityRepository } from './quality/quality.repository';
import { StoredQualityLookup, type QualityLookup } from './quality/quality-lookup';
import { RecordingCatalog } from './recordings/recording-catalog';
import { ReportsService } from './reports/reports.service';

export interface HistoryModuleOptions {
  logger: Logger;
  /** Call quality from the quality module; by default read from call_quality_legs in OnDeck's database. */
  qualityOf?: (services: OnDeckServices) => QualityLookup;
  /** Extension names for the agents report. */
  nameOf?: (extension: string) => string | undefined;
}

/**
 * The call log, its recordings and quality, and the reports, on FreePBX's CDR table (read-only,
 * its own pool and credentials, CDR_DB_*). Nothing is written to the CDR database.
 */
export function historyModule(options: HistoryModuleOptions): ServerModuleFactory {
  return ({ config, services }) => {
    const { history } = config;
    const pool = createCdrPool(history.cdr);
    const cdr = new CdrRepository(pool, history.cdr.table, history.timeZone);
    const rules: DirectionRules = { ...DEFAULT_RULES, trunkNames: history.trunkNames };
    const quality = options.qualityOf?.(services) ?? new StoredQualityLookup(new QualityRepository(services.pool));
    const callLog = new CallLogService({ cdr, rules, quality, recordings: new RecordingCatalog(history.recordingsDir) });
    const reports = new ReportsService(
      {
        legsOfCallsBetween: (from, to, scope) => {
          const condition = scopeCondition(historyScopeOf(scope));
          return cdr.legsOfCallsBetween(from, to, condition ? [condition] : []);
        },
      },
      { rules, timeZone: history.timeZone, nameOf: (extension) => options.nameOf?.(extension) ?? extension },
    );
    // Its own key, derived from the server secret: a recording link can never pass for a session token.
    const linkKey = createHmac('sha256', config.auth.jwtSecret).update('ondeck recording links v1').digest();
    return {
      name: 'history',
      routes: historyRoutes({
        callLog,
        reports,
        quality,
        users: services.usersRepository,
        linkKey,
        timeZone: history.timeZone,
        clock: services.clock,
        logger: options.logger,
      }),
      stop: async () => {
        await pool.end();
      },
    };
  };
}
