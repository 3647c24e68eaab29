import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../src/db';
import { DEMO_DIRECTORY } from '../src/demo';
import { createFreePbxPool, FreePbxUsersRepository } from '../src/pbx/freepbx';
import { writeFreePbxUsers } from './freepbx-users';
import { createWorld } from './simulator';

const server = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
const database = `fpbx_demo_${randomBytes(5).toString('hex')}`;

afterAll(async () => {
  await dropDatabase({ ...server, name: database });
});

describe('the demo company beside the simulator', () => {
  it('writes a FreePBX users table that OnDeck reads a name for every extension from', async () => {
    const written = await writeFreePbxUsers({ connection: { ...server, database }, names: DEMO_DIRECTORY });
    expect(written).toBe(Object.keys(DEMO_DIRECTORY).length);
    // Again on the next start: same rows, no error.
    await writeFreePbxUsers({ connection: { ...server, database }, names: DEMO_DIRECTORY });
    const pool = createFreePbxPool({ ...server, name: 'unused' }, database);
    try {
      const names = await new FreePbxUsersRepository(pool).listNames();
      for (const extension of ['1001', '1002', '1003', '1040', '2001']) expect(names.get(extension)).toBe(DEMO_DIRECTORY[extension]);
    } finally {
      await pool.end();
    }
  });

  it('names queue members and caller IDs after the same people', () => {
    const { world } = createWorld({ extensions: ['1001', '1002'], queues: { support: ['1001', '1002'] }, names: DEMO_DIRECTORY });
    expect(world.endpoints.get('1002')?.callerName).toBe('Alex Agent');
    expect(world.queues.get('support')?.members.map((m) => m.name)).toEqual(['Sam Supervisor', 'Alex Agent']);
  });
});
