#!/usr/bin/env node
// One command for the softphone browser e2e: `node client/e2e/run-phone-e2e.mjs`.
// Re-runs itself inside `unshare -n` (a network namespace with only `lo`, needs root) so
// media and signalling stay on loopback, then runs vitest and prints "N passed, N failed".
// Exits non-zero on any failure. phone-app.e2e.ts builds the app first, into
// ONDECK_E2E_CLIENT_DIST when set (else client/dist); ONDECK_E2E_SKIP_BUILD=1 reuses that build.
// Extra arguments go to vitest, e.g. `e2e/phone-app.e2e.ts -t "attended"`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const clientDir = resolve(here, '..');
const self = fileURLToPath(import.meta.url);

function fail(message) {
  console.error(`phone e2e: ${message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

if (process.env.ONDECK_PHONE_E2E !== '1') {
  for (const tool of ['kamailio', 'chromium', 'unshare', 'ip']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) fail(`${tool} is not installed`);
  }
  if (process.getuid?.() !== 0) fail('needs root for `unshare -n` (run as root, as CI does)');
  const inner = `ip link set lo up && exec ${JSON.stringify(process.execPath)} ${JSON.stringify(self)} ${process.argv
    .slice(2)
    .map((arg) => JSON.stringify(arg))
    .join(' ')}`;
  const result = spawnSync('unshare', ['-n', 'sh', '-c', inner], {
    stdio: 'inherit',
    env: { ...process.env, ONDECK_PHONE_E2E: '1' },
  });
  process.exit(result.status ?? 1);
}

const resultsDir = mkdtempSync(join(tmpdir(), 'ondeck-phone-e2e-'));
const resultsFile = join(resultsDir, 'results.json');
const vitest = spawnSync(
  'npx',
  ['vitest', 'run', '-c', 'vitest.phone-e2e.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`, ...process.argv.slice(2)],
  { cwd: clientDir, stdio: 'inherit', env: process.env },
);
/** Counts from vitest's JSON report; a missing report or an empty run counts as one failure. */
function readCounts() {
  try {
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    return { passed: results.numPassedTests, failed: results.numFailedTests + (results.numTotalTests === 0 ? 1 : 0) };
  } catch {
    return { passed: 0, failed: 1 };
  }
}
const counts = readCounts();
const passed = counts.passed;
let failed = counts.failed;
rmSync(resultsDir, { recursive: true, force: true });
// A crashed run, or one where nothing ran (all skipped or filtered away), is not a pass.
if ((vitest.status !== 0 || passed === 0) && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
