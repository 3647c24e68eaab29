/**
 * Runs every benchmark, one after another, each in its own Node process (so one benchmark's
 * heap and JIT state cannot colour the next), and prints their tables: server/bench/*.bench.ts,
 * then client/bench/*.bench.ts (bundle size, tile rendering in Chromium). The client benchmarks
 * share one production build in a temporary folder, removed at the end.
 * Benchmarks print; they never assert. Extra arguments are passed to every benchmark.
 *
 * Usage: npm run bench [-- --runs 5]        BENCH_FILTER=fanout npm run bench
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const serverBench = dirname(fileURLToPath(import.meta.url));
const clientBench = resolve(serverBench, '../../client/bench');
const filter = process.env.BENCH_FILTER;
const files = [serverBench, clientBench].flatMap((dir) =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.bench.ts'))
    .filter((file) => !filter || file.includes(filter))
    .sort()
    .map((file) => join(dir, file)),
);
const clientDist = mkdtempSync(join(tmpdir(), 'ondeck-bench-dist-'));

function runOne(file: string): Promise<number> {
  return new Promise((resolve) => {
    // Each benchmark runs in its own workspace folder, so imports resolve as they do there.
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...process.argv.slice(2)], {
      cwd: dirname(dirname(file)),
      env: { ...process.env, ONDECK_BENCH_CLIENT_DIST: clientDist },
      stdio: 'inherit',
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

const failures: string[] = [];
const startedAt = performance.now();
try {
  for (const file of files) {
    const name = relative(resolve(serverBench, '../..'), file);
    console.log(`\n=== ${name} ===`);
    const code = await runOne(file);
    if (code !== 0) failures.push(`${name} (exit ${code})`);
  }
} finally {
  rmSync(clientDist, { recursive: true, force: true });
}
const minutes = ((performance.now() - startedAt) / 60_000).toFixed(1);
console.log(`\n${files.length} benchmark(s) run in ${minutes} min${failures.length ? `; failed: ${failures.join(', ')}` : ''}.`);
process.exitCode = failures.length > 0 ? 1 : 0;
