/**
 * The call log over 1,000,000 CDR rows (issue 13). Creates a throwaway FreePBX-shaped CDR
 * database, loads generated history (simulator/cdr-history.ts: about 400,000 calls over 60 days,
 * about 2.5 legs per call, an office's mix), adds OnDeck's indexes (server/src/history/cdr-indexes.sql,
 * what install.sh adds) and measures, `--runs` times each after one warm-up:
 *   first page unfiltered; number search exact and prefix; 7 days + one queue; a supervisor's
 *   scoped first page; page 500 by keyset; a report over 30 days; the CSV export of 30 days to a
 *   null sink (rows/s and peak RSS growth).
 * Targets: p95 < 50 ms for every page query, reports < 500 ms for 30 days, export >= 100,000
 * rows/s with RSS growth < 50 MB. Prints a table with a "met" column; asserts nothing.
 *
 * Usage: node --expose-gc --import tsx bench/call-log.bench.ts [--rows 1000000] [--days 60] [--runs 20] [--report-runs 3]
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { applyCdrIndexes, cdrIndexStatements } from '../src/history/cdr-indexes';
import { argument, printTable, progress } from './support/child';
import { benchOffice, dropBenchDatabase, loadCdr } from './support/cdr-load';
import { callLogUnderTest, type CallLogUnderTest } from './support/call-log-under-test';

const ROWS = argument('rows', 1_000_000);
const DAYS = argument('days', 60);
const RUNS = argument('runs', 20);
/** A 30-day report reads every leg of a month; a few runs say enough. */
const REPORT_RUNS = argument('report-runs', 3);
const UNTIL = new Date(Date.UTC(2026, 11, 7));
const DAY_MS = 86_400_000;

interface Measured {
  name: string;
  samples: number[];
  targetMs: number;
  note?: string;
}

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

async function measure(name: string, targetMs: number, run: () => Promise<number>, runs = RUNS): Promise<Measured> {
  progress(name);
  let found = await run(); // warm-up: buffer pool and JIT, not counted
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    found = await run();
    samples.push(performance.now() - started);
  }
  return { name, samples, targetMs, note: `${found} calls` };
}

/** The CSV export of `days` days streamed to a sink that drops every byte; RSS sampled every 20 ms. */
async function measureExport(log: CallLogUnderTest, from: Date, to: Date): Promise<{ rows: number; rowsPerSecond: number; rssGrowthMb: number }> {
  progress('CSV export, 30 days');
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  let lines = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (let i = 0; i < chunk.length; i += 1) if (chunk[i] === 10) lines += 1;
      done();
    },
  });
  const started = performance.now();
  try {
    await pipeline(log.exportCsv(from, to), sink);
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  peak = Math.max(peak, process.memoryUsage().rss);
  const rows = Math.max(0, lines - 1);
  return { rows, rowsPerSecond: rows / seconds, rssGrowthMb: (peak - baseline) / 1e6 };
}

const database = `ondeck_bench_calllog_${randomBytes(4).toString('hex')}`;
try {
  const office = benchOffice(200, 10);
  progress(`loading about ${ROWS.toLocaleString('en')} CDR rows over ${DAYS} days into ${database}`);
  const load = await loadCdr({ database, rows: ROWS, days: DAYS, until: UNTIL, extensions: 200, queues: 10 }, office);
  progress(`loaded ${load.rows.toLocaleString('en')} rows (${load.calls.toLocaleString('en')} calls) in ${load.seconds.toFixed(0)} s; adding OnDeck's indexes`);
  const indexStarted = performance.now();
  const indexes = await applyCdrIndexes(load.pool);
  const indexSeconds = (performance.now() - indexStarted) / 1000;
  await load.pool.query('ANALYZE TABLE cdr');

  const log = callLogUnderTest(load.pool);
  const to = UNTIL;
  const from30 = new Date(to.getTime() - 30 * DAY_MS);
  const from7 = new Date(to.getTime() - 7 * DAY_MS);
  // A number that called in (exact) and the first digits of a few hundred numbers (prefix).
  const someCaller = await log.someInboundNumber(from30, to);
  const results: Measured[] = [];
  results.push(await measure('first page, unfiltered (30 days)', 50, () => log.page({ from: from30, to })));
  results.push(await measure(`number search, exact (${someCaller})`, 50, () => log.page({ from: from30, to, number: { value: someCaller, match: 'exact' } })));
  results.push(await measure(`number search, prefix (${someCaller.slice(0, 5)}…)`, 50, () => log.page({ from: from30, to, number: { value: someCaller.slice(0, 5), match: 'prefix' } })));
  results.push(await measure('7 days + queue support', 50, () => log.page({ from: from7, to, queue: 'support' })));
  results.push(await measure(`supervisor's first page (${office.team.length} extensions + support)`, 50, () => log.page({ from: from30, to, scope: { extensions: office.team, queues: office.teamQueues } })));
  progress('walking to page 500 (not timed)');
  const cursor = await log.cursorOfPage(500, { from: new Date(to.getTime() - DAYS * DAY_MS), to });
  results.push(await measure('page 500 by keyset', 50, () => log.page({ from: new Date(to.getTime() - DAYS * DAY_MS), to, cursor })));
  // The export before the report: a report holds every leg of 30 days at once, and RSS does not
  // shrink back after it, which would hide the export's own growth.
  const exported = await measureExport(log, from30, to);
  results.push(await measure('report over 30 days (volume by day)', 500, () => log.report(from30, to), REPORT_RUNS));

  console.log(`\nCDR table: ${load.rows.toLocaleString('en')} rows, ${load.calls.toLocaleString('en')} calls (${(load.rows / load.calls).toFixed(2)} legs per call), ${DAYS} days; loaded in ${load.seconds.toFixed(0)} s.`);
  console.log(`OnDeck's indexes (server/src/history/cdr-indexes.sql, added in ${indexSeconds.toFixed(1)} s) besides FreePBX's calldate, dst, uniqueid, linkedid:`);
  for (const statement of cdrIndexStatements()) console.log(`  ${statement}`);
  console.log(`\n${RUNS} timed runs per query after one warm-up (report: ${REPORT_RUNS}); export: one run, RSS sampled every 20 ms against the RSS just before it.\n`);
  printTable(
    ['query', 'p50 ms', 'p95 ms', 'target', 'met'],
    [
      ...results.map((r) => {
        const p95 = percentile(r.samples, 95);
        return [`${r.name}${r.note ? ` [${r.note}]` : ''}`, percentile(r.samples, 50).toFixed(1), p95.toFixed(1), `p95 < ${r.targetMs} ms`, p95 < r.targetMs ? 'yes' : 'no'];
      }),
      ['CSV export, 30 days: rows/s', `${Math.round(exported.rowsPerSecond).toLocaleString('en')} rows/s`, `${exported.rows.toLocaleString('en')} calls`, '≥ 100,000 rows/s', exported.rowsPerSecond >= 100_000 ? 'yes' : 'no'],
      ['CSV export, 30 days: peak RSS growth', `${exported.rssGrowthMb.toFixed(1)} MB`, '', '< 50 MB', exported.rssGrowthMb < 50 ? 'yes' : 'no'],
    ],
  );
  console.log(`\nIndexes: ${indexes.join(', ')}.`);
  log.dispose();
  await load.pool.end();
} finally {
  await dropBenchDatabase(database);
}
