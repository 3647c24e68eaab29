/**
 * Runs every server/bench/*.bench.ts, one after another, each in its own Node process
 * (so one benchmark's heap and JIT state cannot colour the next), and prints their tables.
 * Benchmarks print; they never assert. Extra arguments are passed to every benchmark.
 *
 * Usage: npm run bench -w server [-- --runs 5]
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const filter = process.env.BENCH_FILTER;
const files = readdirSync(benchDir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => !filter || file.includes(filter))
  .sort();

function runOne(file: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(benchDir, file), ...process.argv.slice(2)], {
      stdio: 'inherit',
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

const failures: string[] = [];
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const code = await runOne(file);
  if (code !== 0) failures.push(`${file} (exit ${code})`);
}
console.log(`\n${files.length} benchmark(s) run${failures.length ? `; failed: ${failures.join(', ')}` : ''}.`);
process.exitCode = failures.length > 0 ? 1 : 0;
