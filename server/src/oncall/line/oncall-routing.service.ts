import type { Logger } from 'pino';
import type { AstDb } from './astdb.repository';
import type { OnCallRouting } from '../oncall.ports';

/** install.sh's [ondeck-oncall] context dials DB(ONCALL/<division>), else DB(ONCALL_FALLBACK/<division>). */
export const ONCALL_FAMILY = 'ONCALL';
export const ONCALL_FALLBACK_FAMILY = 'ONCALL_FALLBACK';

/** What the PBX should hold for one division. */
export interface DivisionRoute {
  divisionId: number;
  /** Who is on call now; null: nobody. */
  phone: string | null;
  fallbackNumber: string | null;
}

export interface DivisionRouteSource {
  /** Every division with its current phone and fallback. */
  listDivisionRoutes(): Promise<DivisionRoute[]>;
  divisionRoute(divisionId: number): Promise<DivisionRoute | null>;
}

/**
 * Keeps the AstDB keys in step with the database, so calls to the on-call line still reach the
 * right phone while OnDeck is down. Every change writes both keys; `reassertAll` rewrites every
 * division's keys (at start and after each AMI reconnect, when the PBX may have been restarted
 * or edited by hand).
 */
export class AstDbOnCallRouting implements OnCallRouting {
  constructor(
    private readonly deps: { astdb: AstDb; routes: DivisionRouteSource; logger: Logger },
  ) {}

  async publish(divisionId: number, phone: string | null): Promise<void> {
    const route = await this.deps.routes.divisionRoute(divisionId);
    await this.write({ divisionId, phone, fallbackNumber: route?.fallbackNumber ?? null });
  }

  /** Removes a deleted division's keys. */
  async forget(divisionId: number): Promise<void> {
    await this.write({ divisionId, phone: null, fallbackNumber: null });
  }

  /** Writes every division; one failing division does not stop the others. Returns how many failed. */
  async reassertAll(): Promise<number> {
    const routes = await this.deps.routes.listDivisionRoutes();
    let failed = 0;
    for (const route of routes) {
      try {
        await this.write(route);
      } catch (error) {
        failed += 1;
        this.deps.logger.error({ err: error, divisionId: route.divisionId }, 'writing the on-call route to the AstDB failed');
      }
    }
    this.deps.logger.info({ divisions: routes.length, failed }, 'on-call routes re-asserted in the AstDB');
    return failed;
  }

  private async write(route: DivisionRoute): Promise<void> {
    const key = String(route.divisionId);
    if (route.phone === null) await this.deps.astdb.del(ONCALL_FAMILY, key);
    else await this.deps.astdb.put(ONCALL_FAMILY, key, route.phone);
    if (route.fallbackNumber === null) await this.deps.astdb.del(ONCALL_FALLBACK_FAMILY, key);
    else await this.deps.astdb.put(ONCALL_FALLBACK_FAMILY, key, route.fallbackNumber);
  }
}
