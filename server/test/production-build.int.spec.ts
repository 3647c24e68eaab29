import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../src/db';
import { buildServer } from '../scripts/build';
import { httpsGetTrusting, startServerProcess, type ServerProcess } from './server-process';

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
    await server.stop();
  });

  it('serves HTTPS itself with the configured certificate, and says which file it cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ondeck-tls-'));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    const bundle = join(OUTDIR, 'main.js');
    server = await startServerProcess({ repoRoot: REPO_ROOT, args: [bundle], dbName: DB_NAME, env: { TLS_CERT_FILE: cert, TLS_KEY_FILE: key }, ca: readFileSync(cert) });
    expect(server.url).toMatch(/^https:/);
    expect(await httpsGetTrusting(`${server.url}/api/health`, readFileSync(cert))).toMatchObject({ status: 200 });
    // A client that does not trust the certificate is refused by TLS itself.
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
    await server.stop();
    await expect(startServerProcess({ repoRoot: REPO_ROOT, args: [bundle], dbName: DB_NAME, env: { TLS_CERT_FILE: join(dir, 'missing.pem'), TLS_KEY_FILE: key } })).rejects.toThrow(
      /TLS_CERT_FILE: cannot read .*missing\.pem \(no such file\)/,
    );
    rmSync(dir, { recursive: true, force: true });
  });
});
