#!/usr/bin/env node
// The demo phone, end to end, as a test suite: `node client/e2e/run-demo-e2e.mjs`.
// Starts `./start.sh --demo` the way a user does, but in its own state folder (a throwaway
// demo.env with free ports and an ondeck_test_demo_* database, so a developer's var/demo.env,
// their running demo and its data are left alone), waits for /api/health, runs
// e2e/phone-demo.e2e.ts against it, then stops the demo with SIGTERM as Ctrl-C or `kill` would and
// checks that nothing it started is left running (Kamailio included). Prints "N passed, N failed"
// and exits non-zero on any failure: a demo that does not start, a demo phone that is off, a
// test that fails or is skipped, or a process left behind.
//
// It runs on the host's network, not in run-phone-e2e.mjs's namespace: start.sh needs the
// host's MariaDB, and the demo's Kamailio listens on the host's loopback.
// Database account: DB_HOST, DB_PORT, DB_USER, DB_PASSWORD (as scripts/test.sh exports them;
// default root without a password on 127.0.0.1:3306). It needs to create ondeck_test_* databases.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import mysql from 'mysql2/promise';

const here = dirname(fileURLToPath(import.meta.url));
const clientDir = resolve(here, '..');
const rootDir = resolve(clientDir, '..');

// Generous: on a first start (or after a source change) start.sh builds the browser app, and the
// machine may be busy. A start that fails ends the wait at once; only a hung one waits this long.
const START_BUDGET_MS = 15 * 60_000;
const STOP_BUDGET_MS = 2 * 60_000;

const db = {
  host: process.env.DB_HOST || '127.0.0.1',
  port: Number(process.env.DB_PORT || 3306),
  user: process.env.DB_USER || 'root',
  password: process.env.DB_PASSWORD ?? '',
};
const dbName = `ondeck_test_demo_${randomBytes(4).toString('hex')}`;
const freepbxDbName = `${dbName}_asterisk`;
const cdrDbName = `${dbName}_cdr`;

const stateDir = mkdtempSync(join(tmpdir(), 'ondeck-demo-e2e-'));
const envFile = join(stateDir, 'demo.env');
const startLog = join(stateDir, 'start.log');
const kamailioLog = join(stateDir, 'kamailio', 'kamailio.log');
const kamailioPidFile = join(stateDir, 'kamailio', 'kamailio.pid');

const problems = [];
let demo = null;
let demoExit = null;
let vitest = null;
let finishing = false;

function secret() {
  return randomBytes(32).toString('base64url');
}

function freeTcpPort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

function freeUdpPort() {
  return new Promise((done, fail) => {
    const socket = createSocket('udp4');
    socket.once('error', fail);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => done(port));
    });
  });
}

/** Distinct free ports: the OS may hand the same one out again once it is closed. */
async function freeTcpPorts(count) {
  const ports = new Set();
  while (ports.size < count) ports.add(await freeTcpPort());
  return [...ports];
}

function tcpOpen(port) {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

function tail(file, lines = 40) {
  if (!existsSync(file)) return `(no ${file})`;
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function describeGroup(pgid) {
  return new Promise((done) => {
    const ps = spawn('ps', ['-o', 'pid=,args=', '-g', String(pgid)], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    ps.stdout.on('data', (chunk) => (out += chunk));
    ps.on('close', () => done(out.trim() || '(ps listed nothing)'));
    ps.on('error', () => done('(ps failed)'));
  });
}

async function waitFor(check, budgetMs, stepMs = 250) {
  const until = Date.now() + budgetMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await sleep(stepMs);
  }
  return check();
}

async function startDemo() {
  const [httpPort, amiPort, agiPort, sipWsPort] = await freeTcpPorts(4);
  const sipUdpPort = await freeUdpPort();
  const settings = {
    NODE_ENV: 'development',
    ONDECK_DEMO: 'true',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(httpPort),
    JWT_SECRET: secret(),
    DB_HOST: db.host,
    DB_PORT: String(db.port),
    DB_USER: db.user,
    DB_PASSWORD: db.password,
    DB_NAME: dbName,
    FREEPBX_DB_NAME: freepbxDbName,
    CDR_DB_NAME: cdrDbName,
    AMI_ENABLED: 'true',
    AMI_HOST: '127.0.0.1',
    AMI_PORT: String(amiPort),
    AMI_USERNAME: 'ondeck',
    AMI_SECRET: secret(),
    FASTAGI_HOST: '127.0.0.1',
    FASTAGI_PORT: String(agiPort),
    ONCALL_PIN_PEPPER: secret(),
  };
  writeFileSync(
    envFile,
    `# Written by client/e2e/run-demo-e2e.mjs for one test run; removed afterwards.\n${Object.entries(settings)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n')}\n`,
    { mode: 0o600 },
  );
  // The demo's own file must be the truth: the test runner's environment (NODE_ENV=test, DB_*,
  // a developer's HTTP_PORT…) would otherwise win over it in the server.
  const env = { ...process.env, ONDECK_DEMO_SIP_PORT: String(sipWsPort), ONDECK_DEMO_SIP_UDP_PORT: String(sipUdpPort) };
  for (const key of [...Object.keys(settings), 'ONDECK_ENV_FILE', 'WEBRTC_PBX_SERVER', 'DEMO_SIP_SECRETS', 'DEMO_PHONE_PROBLEM', 'CLIENT_DIST']) {
    delete env[key];
  }
  console.log(`demo e2e: ./start.sh --demo --state ${stateDir} (http 127.0.0.1:${httpPort}, ws 127.0.0.1:${sipWsPort}, database ${dbName})`);
  const log = openSync(startLog, 'a');
  // Its own process group, so stopping it reaches everything it started even if start.sh fails to.
  demo = spawn(join(rootDir, 'start.sh'), ['--demo', '--state', stateDir], { cwd: rootDir, env, detached: true, stdio: ['ignore', log, log] });
  demo.once('exit', (code, signal) => (demoExit = { code, signal }));
  demo.once('error', (error) => (demoExit = { code: null, signal: null, error }));

  const url = `http://127.0.0.1:${httpPort}`;
  const healthy = await waitFor(async () => {
    if (demoExit) return true;
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) });
      return response.ok && (await response.json()).status === 'ok';
    } catch {
      return false;
    }
  }, START_BUDGET_MS, 500);
  if (demoExit) {
    const how = demoExit.error ? String(demoExit.error) : demoExit.signal ? `signal ${demoExit.signal}` : `exit code ${demoExit.code}`;
    throw new Error(`./start.sh --demo stopped (${how}) before OnDeck answered ${url}/api/health. Its output:\n${tail(startLog)}`);
  }
  if (!healthy) throw new Error(`./start.sh --demo did not answer ${url}/api/health within ${START_BUDGET_MS / 60_000} minutes. Its output:\n${tail(startLog)}`);

  // start.sh keeps the demo running without a phone when Kamailio cannot start; here that is a failure.
  const phoneOff = readFileSync(startLog, 'utf8').match(/The demo phone is off: .*/);
  if (phoneOff) throw new Error(`${phoneOff[0]}\nKamailio's log:\n${tail(kamailioLog)}`);
  if (!(await tcpOpen(sipWsPort))) throw new Error(`The demo's Kamailio does not answer on ws://127.0.0.1:${sipWsPort}. Kamailio's log:\n${tail(kamailioLog)}`);
  return url;
}

function runVitest(url) {
  const resultsFile = join(stateDir, 'results.json');
  return new Promise((done) => {
    vitest = spawn(
      'npx',
      ['vitest', 'run', '-c', 'vitest.phone-e2e.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`, 'e2e/phone-demo.e2e.ts', ...process.argv.slice(2)],
      { cwd: clientDir, stdio: 'inherit', env: { ...process.env, ONDECK_DEMO_URL: url } },
    );
    vitest.once('error', () => done({ passed: 0, failed: 1 }));
    vitest.once('exit', (code) => {
      vitest = null;
      let counts;
      try {
        const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
        counts = { passed: results.numPassedTests, failed: results.numFailedTests + (results.numTotalTests === 0 ? 1 : 0) };
      } catch {
        counts = { passed: 0, failed: 1 };
      }
      // A crashed run, or one where nothing ran (all skipped or filtered away), is not a pass.
      if ((code !== 0 || counts.passed === 0) && counts.failed === 0) counts.failed = 1;
      done(counts);
    });
  });
}

/** Stops the demo as a user does (SIGTERM to start.sh) and checks it took everything with it. */
async function stopDemo() {
  if (!demo?.pid) return;
  const pgid = demo.pid;
  const kamailioPid = existsSync(kamailioPidFile) ? Number(readFileSync(kamailioPidFile, 'utf8').trim()) : null;
  if (!demoExit) {
    try {
      process.kill(pgid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    if (!(await waitFor(() => demoExit !== null, STOP_BUDGET_MS))) problems.push(`./start.sh --demo did not stop within ${STOP_BUDGET_MS / 1000} s of SIGTERM.`);
  }
  // start.sh waits for what it started before it exits; allow stragglers a moment to go.
  if (!(await waitFor(() => !groupAlive(pgid), 30_000))) {
    problems.push(`./start.sh --demo left these running:\n${await describeGroup(pgid)}`);
  }
  if (kamailioPid && pidAlive(kamailioPid)) problems.push(`./start.sh --demo left its Kamailio (pid ${kamailioPid}) running.`);
  // Whatever the outcome, nothing of this run stays behind.
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    /* nothing left */
  }
  if (kamailioPid && pidAlive(kamailioPid)) process.kill(kamailioPid, 'SIGKILL');
}

async function dropDatabases() {
  let connection;
  try {
    connection = await mysql.createConnection({ ...db, connectTimeout: 10_000 });
    for (const name of [dbName, freepbxDbName, cdrDbName]) await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } catch (error) {
    console.warn(`demo e2e: could not drop ${dbName} / ${freepbxDbName}: ${error.message}`);
  } finally {
    await connection?.end().catch(() => {});
  }
}

async function finish(counts) {
  if (finishing) return;
  finishing = true;
  await stopDemo();
  for (const problem of problems) console.error(`demo e2e: ${problem}`);
  await dropDatabases();
  const failed = counts.failed + problems.length;
  rmSync(stateDir, { recursive: true, force: true });
  console.log(`${counts.passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    vitest?.kill(signal);
    problems.push(`interrupted (${signal})`);
    void finish({ passed: 0, failed: 0 });
  });
}

let counts = { passed: 0, failed: 0 };
try {
  for (const tool of ['kamailio', 'chromium']) {
    const found = await new Promise((done) => spawn('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).once('exit', (code) => done(code === 0)));
    if (!found) throw new Error(`${tool} is not installed`);
  }
  const url = await startDemo();
  counts = await runVitest(url);
} catch (error) {
  problems.push(error instanceof Error ? error.message : String(error));
}
await finish(counts);
