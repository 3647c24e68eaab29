import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** OnDeck started as its own process, the way start.sh and systemd start it. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn until /api/health answered 200. */
  startMs: number;
  /** Resident set size of the process now, from /proc (Linux), in MB. */
  rssMb(): number;
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Spawns `node <args>` (e.g. `['server/dist/main.js']` or `['--import', 'tsx', 'server/src/main.ts']`)
 * from the repository root with a minimal production-like environment and no AMI, and waits
 * for /api/health. `dbName` must be a database the caller drops afterwards.
 */
/** GET over HTTPS trusting exactly `ca` (a test's self-signed certificate): status and body. */
export function httpsGetTrusting(url: string, ca: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpsGet(url, { ca }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

export async function startServerProcess(options: {
  repoRoot: string;
  args: string[];
  dbName: string;
  timeoutMs?: number;
  /** More settings (e.g. TLS_CERT_FILE); `ca` then trusts the test's certificate for the health poll. */
  env?: Record<string, string>;
  ca?: Buffer;
}): Promise<ServerProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    ONDECK_ENV_FILE: join(options.repoRoot, 'does-not-exist.env'),
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(port),
    JWT_SECRET: randomBytes(32).toString('base64url'),
    ONCALL_PIN_PEPPER: randomBytes(32).toString('base64url'),
    DB_HOST: process.env.ONDECK_TEST_DB_HOST ?? '127.0.0.1',
    DB_PORT: process.env.ONDECK_TEST_DB_PORT ?? '3306',
    DB_USER: process.env.ONDECK_TEST_DB_USER ?? 'root',
    DB_PASSWORD: process.env.ONDECK_TEST_DB_PASSWORD ?? '',
    DB_NAME: options.dbName,
    AMI_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  let output = '';
  const started = performance.now();
  const child = spawn(process.execPath, options.args, { cwd: options.repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `${options.ca ? 'https' : 'http'}://127.0.0.1:${port}`;
  const ca = options.ca;
  const answers = (): Promise<boolean> =>
    ca
      ? httpsGetTrusting(`${url}/api/health`, ca).then((r) => r.status === 200, () => false)
      : fetch(`${url}/api/health`).then((response) => response.ok, () => false);
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`OnDeck exited with ${child.exitCode} before answering:\n${output}`);
    if (await answers()) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`OnDeck did not answer /api/health in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const startMs = performance.now() - started;
  return {
    url,
    child,
    startMs,
    rssMb: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb / 1024;
    },
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
