import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { AmiActionPort } from '../../pbx';
import { AmiAstDb, type AstDb } from './astdb.repository';
import { AstDbOnCallRouting, type DivisionRoute, type DivisionRouteSource } from './oncall-routing.service';

class RecordingAstDb implements AstDb {
  readonly keys = new Map<string, string>();
  readonly writes: string[] = [];
  failFor: string | null = null;

  async put(family: string, key: string, value: string): Promise<void> {
    if (this.failFor === `${family}/${key}`) throw new Error('AMI link down');
    this.writes.push(`put ${family}/${key}=${value}`);
    this.keys.set(`${family}/${key}`, value);
  }

  async del(family: string, key: string): Promise<void> {
    this.writes.push(`del ${family}/${key}`);
    this.keys.delete(`${family}/${key}`);
  }
}

function sourceOf(routes: DivisionRoute[]): DivisionRouteSource {
  return {
    listDivisionRoutes: async () => routes,
    divisionRoute: async (id) => routes.find((route) => route.divisionId === id) ?? null,
  };
}

const logger = pino({ level: 'silent' });

describe('AstDbOnCallRouting', () => {
  it('writes the phone and the fallback on a change', async () => {
    const astdb = new RecordingAstDb();
    const routing = new AstDbOnCallRouting({ astdb, routes: sourceOf([{ divisionId: 3, phone: '1001', fallbackNumber: '+4930111' }]), logger });
    await routing.publish(3, '+46701234567');
    expect(Object.fromEntries(astdb.keys)).toEqual({ 'ONCALL/3': '+46701234567', 'ONCALL_FALLBACK/3': '+4930111' });
  });

  it('deletes ONCALL/<division> when nobody is on call, and the fallback key when there is none', async () => {
    const astdb = new RecordingAstDb();
    astdb.keys.set('ONCALL/4', '1001');
    astdb.keys.set('ONCALL_FALLBACK/4', '1000');
    const routing = new AstDbOnCallRouting({ astdb, routes: sourceOf([{ divisionId: 4, phone: null, fallbackNumber: null }]), logger });
    await routing.publish(4, null);
    expect(astdb.keys.size).toBe(0);
  });

  it('re-asserts every division and carries on past one that fails', async () => {
    const astdb = new RecordingAstDb();
    astdb.failFor = 'ONCALL/1';
    const routes = [
      { divisionId: 1, phone: '1001', fallbackNumber: null },
      { divisionId: 2, phone: '1002', fallbackNumber: '1999' },
    ];
    const routing = new AstDbOnCallRouting({ astdb, routes: sourceOf(routes), logger });
    expect(await routing.reassertAll()).toBe(1);
    expect(astdb.keys.get('ONCALL/2')).toBe('1002');
    expect(astdb.keys.get('ONCALL_FALLBACK/2')).toBe('1999');
  });
});

describe('AmiAstDb', () => {
  it('sends DBPut and DBDel, and treats a missing key on delete as done', async () => {
    const sent: Record<string, string>[] = [];
    const ami: AmiActionPort = {
      async action(fields) {
        sent.push(fields);
        if (fields.Action === 'DBDel') throw new Error('Database entry could not be deleted');
        return {};
      },
    };
    const astdb = new AmiAstDb(ami);
    await astdb.put('ONCALL', '1', '1001');
    await expect(astdb.del('ONCALL', '1')).resolves.toBeUndefined();
    expect(sent).toEqual([
      { Action: 'DBPut', Family: 'ONCALL', Key: '1', Val: '1001' },
      { Action: 'DBDel', Family: 'ONCALL', Key: '1' },
    ]);
  });

  it('passes other AMI failures on', async () => {
    const astdb = new AmiAstDb({ action: async () => Promise.reject(new Error('Not connected')) });
    await expect(astdb.del('ONCALL', '1')).rejects.toThrow('Not connected');
  });
});
