/**
 * Start time and idle memory of the server as production runs it (server/dist/main.js, plain
 * node) against the same code through tsx (what production ran before), each started `--runs`
 * times as its own process against a fresh database with AMI off and no client connected.
 *   start: spawn → first 200 from /api/health (migrations included on the first run);
 *   idle RSS: resident memory 3 s after it answered.
 * Target: the build starts faster and uses less memory than tsx. Prints; asserts nothing.
 *
 * Usage: node --import tsx bench/startup.bench.ts [--runs 3]
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dropDatabase } from '../src/db';
import { buildServer } from '../scripts/build';
import { startServerProcess } from '../test/server-process';
import { argument, printTable, progress } from './support/child';

const runs = argument('runs', 3);
const SERVER_DIR = resolve(import.meta.dirname, '..');
const REPO_ROOT = resolve(SERVER_DIR, '..');
const outdir = join(SERVER_DIR, 'dist', `.bench-${randomBytes(4).toString('hex')}`);

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function measure(label: string, args: string[]): Promise<{ startMs: number; rssMb: number }> {
  const starts: number[] = [];
  const rss: number[] = [];
  const dbName = `ondeck_bench_start_${randomBytes(4).toString('hex')}`;
  try {
    for (let run = 1; run <= runs; run += 1) {
      progress(`${label}: run ${run} of ${runs}`);
      const server = await startServerProcess({ repoRoot: REPO_ROOT, args, dbName });
      starts.push(server.startMs);
      await new Promise((done) => setTimeout(done, 3000));
      rss.push(server.rssMb());
      await server.stop();
    }
  } finally {
    await dropDatabase({ host: process.env.DB_HOST ?? '127.0.0.1', port: Number(process.env.DB_PORT ?? 3306), user: process.env.DB_USER ?? 'root', password: process.env.DB_PASSWORD ?? '', name: dbName });
  }
  return { startMs: median(starts), rssMb: median(rss) };
}

try {
  const { bundle } = await buildServer(outdir);
  const tsx = await measure('tsx', ['--import', 'tsx', 'server/src/main.ts']);
  const built = await measure('built', ['--enable-source-maps', bundle]);
  console.log(`\nMedian of ${runs} starts each (the first start of each also runs the migrations)\n`);
  printTable(
    ['measure', 'tsx (before)', 'built JS (now)', 'met'],
    [
      ['start to /api/health', `${tsx.startMs.toFixed(0)} ms`, `${built.startMs.toFixed(0)} ms`, built.startMs < tsx.startMs ? 'yes' : 'no'],
      ['idle RSS', `${tsx.rssMb.toFixed(0)} MB`, `${built.rssMb.toFixed(0)} MB`, built.rssMb < tsx.rssMb ? 'yes' : 'no'],
    ],
  );
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
