import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbConfig } from '../../config';
import { dropDatabase, ensureDatabase, type Pool } from '../../db';
import { ExtensionNames } from './extension-names';
import { createFreePbxPool, FreePbxUsersRepository, MAX_NAME_LENGTH } from './freepbx-users.repository';
import { FREEPBX_USERS_TABLE_SQL } from '../../../simulator/freepbx-users';

// The users table exactly as FreePBX core creates it: the one copy the simulator writes too.
const FREEPBX_USERS_TABLE = FREEPBX_USERS_TABLE_SQL;

describe('FreePBX users table as the source of extension names (real MariaDB)', () => {
  // OnDeck's own database settings, pointed at a throw-away database shaped like FreePBX's.
  const ondeckDb: DbConfig = { host: '127.0.0.1', port: 3306, user: 'root', password: '', name: 'ondeck' };
  const freepbxDbName = `fpbx_test_${randomBytes(5).toString('hex')}`;
  let pool: Pool;

  beforeAll(async () => {
    await ensureDatabase({ ...ondeckDb, name: freepbxDbName });
    pool = createFreePbxPool(ondeckDb, freepbxDbName);
    await pool.query(FREEPBX_USERS_TABLE);
    await pool.query('INSERT INTO users (extension, name, voicemail) VALUES ?', [[
      ['1001', 'Alice Agent', 'default'],
      ['1002', 'Zoë Müller', 'novm'],
      ['1003', '  Bob\r\nAction: Hangup  ', 'novm'],
      ['1004', '', 'novm'],
      ['1005', null, 'novm'],
      ['1006', 'x'.repeat(50), 'novm'],
      ['bad ext', 'Nobody', 'novm'],
    ]]);
  });
  afterAll(async () => {
    await pool?.end();
    await dropDatabase({ ...ondeckDb, name: freepbxDbName });
  });

  it('reads every named extension, unicode intact, and skips empty names and odd numbers', async () => {
    const names = await new FreePbxUsersRepository(pool).listNames();
    expect(names.get('1001')).toBe('Alice Agent');
    expect(names.get('1002')).toBe('Zoë Müller');
    expect(names.get('1006')).toBe('x'.repeat(50));
    expect(names.has('1004')).toBe(false);
    expect(names.has('1005')).toBe(false);
    expect(names.has('bad ext')).toBe(false);
  });

  it('turns control characters into spaces, so a name cannot break a line anywhere it is shown', async () => {
    const name = (await new FreePbxUsersRepository(pool).listNames()).get('1003');
    expect(name).toBe('Bob Action: Hangup');
    expect(name?.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
  });

  it('serves the names through the cache and picks up an edit on the next refresh', async () => {
    const names = new ExtensionNames(new FreePbxUsersRepository(pool));
    expect(names.nameOf('1001')).toBeUndefined();
    await names.refresh();
    expect(names.nameOf('1001')).toBe('Alice Agent');
    await pool.query('UPDATE users SET name = ? WHERE extension = ?', ['Alice Renamed', '1001']);
    expect(names.nameOf('1001')).toBe('Alice Agent');
    expect(await names.refresh()).toBe(true);
    expect(names.nameOf('1001')).toBe('Alice Renamed');
  });

  it('a missing users table is a failed load, not a crash: the cache stays empty', async () => {
    const emptyDb = `fpbx_empty_${randomBytes(5).toString('hex')}`;
    await ensureDatabase({ ...ondeckDb, name: emptyDb });
    const emptyPool = createFreePbxPool(ondeckDb, emptyDb);
    try {
      await expect(new FreePbxUsersRepository(emptyPool).listNames()).rejects.toThrow(/users/);
      const names = new ExtensionNames(new FreePbxUsersRepository(emptyPool), { logger: { warn: () => undefined, error: () => undefined } });
      expect(await names.refresh()).toBe(false);
      expect(names.size).toBe(0);
    } finally {
      await emptyPool.end();
      await dropDatabase({ ...ondeckDb, name: emptyDb });
    }
  });
});
