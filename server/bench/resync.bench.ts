/**
 * Resync and model-memory benchmark at the size: 2,000 endpoints, 500 live
 * (connected) calls, 50 queues of 10 members, 50 queue callers waiting.
 *
 * The simulator runs in its own process in bulk mode (server/simulator/main.ts), so its
 * CPU and heap are not counted here. This process runs OnDeck's real stack: AmiConnection
 * → PbxService → PbxModel, and measures:
 *   - resync: from the `connected` event to a current model (the five list actions over
 *     loopback plus model.resync), the first one after login and `--runs` more;
 *   - model only: PbxModel.resync on the same list items, without the network;
 *   - memory: heap used before the stack exists and after the first resync, both after a
 *     full GC. GC comes from `--expose-gc` when given (node --expose-gc --import tsx
 *     bench/resync.bench.ts); otherwise it is switched on at run time through
 *     v8.setFlagsFromString, so `npm run bench -w server` measures the same way.
 *     The difference also counts what is first created on use (socket, parser buffers,
 *     loggers, lazily compiled code); a second model built from the same list items and
 *     measured alone is the model's own footprint.
 * Target: resync under 1 s. Prints tables; asserts nothing (timings vary by machine).
 *
 * Usage: node --import tsx bench/resync.bench.ts [--runs 5] [--endpoints 2000] [--calls 500] [--queues 50] [--waiting 50]
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AmiConnection } from '../src/pbx/ami';
import type { AmiMessage } from '../src/pbx/ami/codec';
import { PbxModel } from '../src/pbx/model';
import { PbxService, RESYNC_ACTIONS } from '../src/pbx/pbx.service';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? Number.NaN : Number(process.argv[index + 1]);
  return Number.isFinite(value) ? value : fallback;
}

const runs = argument('runs', 5);
const size = { endpoints: argument('endpoints', 2000), calls: argument('calls', 500), queues: argument('queues', 50), waiting: argument('waiting', 50) };

function fullGc(): { gc: () => void; how: string } {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return { gc: exposed, how: '--expose-gc' };
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return { gc, how: 'v8.setFlagsFromString(--expose-gc)' };
}

async function startBulkSimulator(): Promise<{ child: ChildProcess; port: number }> {
  const main = fileURLToPath(new URL('../simulator/main.ts', import.meta.url));
  const child = spawn(process.execPath, [
    '--import', 'tsx', main, '--port', '0', '--rtcp-ms', '0', '--secret', 'bench',
    '--bulk-endpoints', String(size.endpoints), '--bulk-calls', String(size.calls),
    '--bulk-queues', String(size.queues), '--bulk-waiting', String(size.waiting),
  ], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /AMI on [^:]+:(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`simulator exited (${code}) before listening`)));
  });
  return { child, port };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
const ms = (value: number): string => value.toFixed(1);

const { gc, how } = fullGc();
const { child, port } = await startBulkSimulator();
try {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;

  const connection = new AmiConnection({ host: '127.0.0.1', port, username: 'panel', secret: 'bench', keepAliveIntervalMs: 600_000 });
  const service = new PbxService(connection);
  let connectedAt = 0;
  connection.on('connected', () => (connectedAt = performance.now()));
  const firstDone = new Promise<number>((resolve) => {
    const off = service.subscribe((change) => {
      if (change.kind === 'status' && change.value.stale === false) {
        off();
        resolve(performance.now());
      }
    });
  });
  const startedAt = performance.now();
  connection.start();
  const firstAt = await firstDone;
  const first = firstAt - connectedAt;
  const loginToCurrent = firstAt - startedAt;

  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  const snapshot = service.snapshot();
  const members = snapshot.queues.reduce((sum, queue) => sum + queue.members.length, 0);
  const callers = snapshot.queues.reduce((sum, queue) => sum + queue.callers.length, 0);

  const again: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    await service.resync();
    again.push(performance.now() - t0);
  }

  const items: AmiMessage[] = [];
  for (const { action } of RESYNC_ACTIONS) items.push(...(await connection.listAction({ Action: action })).items);
  const modelOnly: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const model = new PbxModel();
    const t0 = performance.now();
    model.resync(items);
    modelOnly.push(performance.now() - t0);
  }
  gc();
  const isolated = process.memoryUsage().heapUsed;
  const lone = new PbxModel();
  lone.resync(items);
  gc();
  const loneModelBytes = process.memoryUsage().heapUsed - isolated;
  await connection.stop();

  console.log(`\nResync at ${size.endpoints} endpoints / ${size.calls} calls / ${size.queues} queues / ${size.waiting} waiting (load average ${loadavg()[0]?.toFixed(1)}, ${runs} runs)`);
  console.log(`Model after resync: ${snapshot.extensions.length} extensions, ${snapshot.calls.length} calls, ${snapshot.queues.length} queues, ${members} members, ${callers} callers; ${items.length} list items\n`);
  console.log('| measure | first (after login) | median | min | max | target |');
  console.log('|---|---|---|---|---|---|');
  console.log(`| resync: 5 list actions + model (ms) | ${ms(first)} | ${ms(median(again))} | ${ms(Math.min(...again))} | ${ms(Math.max(...again))} | < 1000 |`);
  console.log(`| model.resync alone (ms) | – | ${ms(median(modelOnly))} | ${ms(Math.min(...modelOnly))} | ${ms(Math.max(...modelOnly))} | – |`);
  console.log(`| start() → current model (ms) | ${ms(loginToCurrent)} | – | – | – | – |`);
  console.log(`\nMemory (heap used after full GC, via ${how})\n`);
  console.log('| measure | MB |');
  console.log('|---|---|');
  console.log(`| heap before the AMI stack | ${mb(heapBefore)} |`);
  console.log(`| heap after the first resync | ${mb(heapAfter)} |`);
  console.log(`| AMI link + service + model (difference) | ${mb(heapAfter - heapBefore)} |`);
  console.log(`| one more model built from the same lists | ${mb(loneModelBytes)} |`);
  console.log(`| process RSS at the end | ${mb(process.memoryUsage().rss)} |`);
  if (lone.calls().length === 0) console.log('(the extra model is empty: the lists carried no calls)');
} finally {
  child.kill('SIGTERM');
}
