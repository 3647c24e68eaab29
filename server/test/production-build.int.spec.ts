import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../src/db';
import { buildServer } from '../scripts/build';
import { startServerProcess, type ServerProcess } from './server-process';

const SERVER_DIR = resolve(import.meta.dirname, '..');
const REPO_ROOT = resolve(SERVER_DIR, '..');
// Inside server/ so the bundle's package imports resolve through node_modules as in production.
const OUTDIR = join(SERVER_DIR, 'dist', `.test-${randomBytes(4).toString('hex')}`);
const DB_NAME = `ondeck_test_${randomBytes(6).toString('hex')}`;

describe('production build (server/dist)', () => {
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(OUTDIR, { recursive: true, force: true });
    await dropDatabase({ host: '127.0.0.1', port: 3306, user: process.env.ONDECK_TEST_DB_USER ?? 'root', password: process.env.ONDECK_TEST_DB_PASSWORD ?? '', name: DB_NAME });
  });

  it('bundles shared/ in, leaves npm packages as imports and copies every migration', async () => {
    const { bundle } = await buildServer(OUTDIR);
    const code = readFileSync(bundle, 'utf8');
    expect(code).not.toMatch(/from ["']@ondeck\/shared["']/);
    expect(code).toMatch(/from ["']koa["']/);
    expect(code).not.toMatch(/from ["']tsx/);
    const sourceMigrations = readdirSync(join(SERVER_DIR, 'src/db/migrations')).sort();
    expect(readdirSync(join(OUTDIR, 'migrations')).sort()).toEqual(sourceMigrations);
    expect(existsSync(`${bundle}.map`)).toBe(true);
  });

  it('starts with plain node, without tsx, runs the migrations and answers /api/health', async () => {
    server = await startServerProcess({ repoRoot: REPO_ROOT, args: ['--enable-source-maps', join(OUTDIR, 'main.js')], dbName: DB_NAME });
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as { status: string };
    expect(health.status).toBe('ok');
    // The client app is found from the bundle's folder too (404 JSON for the API, not a crash).
    expect((await fetch(`${server.url}/api/nothing-here`)).status).toBe(404);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'nobody', password: 'wrong-password' }),
    });
    expect(login.status, await login.text()).toBe(401);
  });
});
