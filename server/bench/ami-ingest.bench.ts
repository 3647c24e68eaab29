/**
 * AMI ingest benchmark: which transport can keep up with a busy PBX?
 *
 * Builds a stream of >= 200,000 events from the real Asterisk 22 captures, serves it over
 * loopback TCP as fast as the kernel takes it (login response and events in ONE write, as
 * Asterisk does on a busy box), and measures, each contender in its own process so peak
 * RSS is its own:
 *   bare                 net.Socket read of the same bytes: the physical limit
 *   asterisk-ami-client  the named library: parse rate and events lost
 *   ondeck               our AmiClient: parse + dispatch to an 'event' listener
 * Prints a table; asserts nothing (timings vary by machine).
 *
 * Usage: node --import tsx bench/ami-ingest.bench.ts [--events 200000] [--runs 1]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { AmiClient } from '../src/pbx/ami';
import { AmiParser, serializeAmi } from '../src/pbx/ami/codec';
import { captureBlocks, captureNames } from '../src/pbx/ami/testing/captures';

type Contender = 'bare' | 'asterisk-ami-client' | 'ondeck';
const CONTENDERS: Contender[] = ['bare', 'asterisk-ami-client', 'ondeck'];

interface RunResult {
  contender: Contender;
  bytes: number;
  events: number;
  seconds: number;
  /** User + system CPU of the reading process: steadier than wall time on a loaded box. */
  cpuSeconds: number;
  peakRssMb: number;
}

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}

/** Every event block of every capture, repeated until the stream holds `minEvents`. */
function buildStream(minEvents: number): { stream: Buffer; events: number } {
  const blocks = captureNames().flatMap((name) => captureBlocks(name).filter((block) => block.startsWith('Event:')));
  const pass = Buffer.from(blocks.join(''), 'utf8');
  const passes = Math.ceil(minEvents / blocks.length);
  return { stream: Buffer.concat(Array.from({ length: passes }, () => pass)), events: passes * blocks.length };
}

/** Serves banner, answers the Login (if the contender sends one) with the stream glued on, then closes. */
function serve(stream: Buffer, contender: Contender): Promise<net.Server> {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.write('Asterisk Call Manager/11.0.0\r\n');
    if (contender === 'bare') {
      socket.end(stream);
      return;
    }
    const parser = new AmiParser(
      {
        onMessage: (action) => {
          if (action.get('action')?.toLowerCase() !== 'login') return;
          const reply = serializeAmi({
            Response: 'Success',
            ActionID: action.actionId ?? '',
            Message: 'Authentication accepted',
          });
          socket.end(Buffer.concat([Buffer.from(reply), stream]));
        },
      },
      { expectBanner: false },
    );
    socket.on('data', (chunk: Buffer) => parser.push(chunk));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function runChild(contender: Contender, port: number): Promise<RunResult> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const extraFlags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
    const child = spawn(process.execPath, [...extraFlags, '--import', 'tsx', self, '--child', contender, '--port', String(port)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      const line = output.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`${contender} child failed (${code}): ${output}`));
      else resolve(JSON.parse(line) as RunResult);
    });
  });
}

// ---- child side: one contender reads the stream and reports ----

/**
 * Peak RSS of this process. Not resourceUsage().maxRSS: on Linux a spawned child inherits
 * the parent's high-water mark across exec, and the parent holds the whole stream.
 * VmHWM in /proc is per address space, so it is the child's own.
 */
/** Reset when a measurement starts, so module loading is not counted. */
let cpuAtStart = process.cpuUsage();
function cpuSeconds(): number {
  const used = process.cpuUsage(cpuAtStart);
  return (used.user + used.system) / 1e6;
}

function peakRssMb(): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match?.[1]) return Number(match[1]) / 1024;
  } catch {
    // Not Linux: fall back to the current RSS.
  }
  return process.memoryUsage.rss() / 1024 / 1024;
}

function measureBare(port: number): Promise<RunResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    cpuAtStart = process.cpuUsage();
    let bytes = 0;
    const socket = net.createConnection({ host: '127.0.0.1', port });
    socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
    socket.on('close', () =>
      resolve({ contender: 'bare', bytes, events: 0, seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSeconds(), peakRssMb: peakRssMb() }),
    );
  });
}

interface LegacyAmiClient {
  connect(user: string, secret: string, options: { host: string; port: number }): Promise<unknown>;
  on(event: 'event', listener: (event: Record<string, string>) => void): this;
  on(event: 'disconnect' | 'internalError', listener: () => void): this;
}

function measureLegacy(port: number): Promise<RunResult> {
  const require = createRequire(import.meta.url);
  const LegacyClient = require('asterisk-ami-client') as new (options: object) => LegacyAmiClient;
  // Per-type re-emits off and no reconnect: give the library its best case.
  const client = new LegacyClient({ reconnect: false, keepAlive: false, emitEventsByTypes: false });
  return new Promise((resolve, reject) => {
    const started = performance.now();
    cpuAtStart = process.cpuUsage();
    let events = 0;
    let bytes = 0;
    const byName = new Map<string, number>();
    client.on('event', (event) => {
      events++;
      const name = event.Event ?? '';
      byName.set(name, (byName.get(name) ?? 0) + 1);
    });
    client.on('disconnect', () =>
      resolve({ contender: 'asterisk-ami-client', bytes, events, seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSeconds(), peakRssMb: peakRssMb() }),
    );
    client.connect('ondeck', 'secret', { host: '127.0.0.1', port }).then((connection) => {
      (connection as { on(event: 'data', listener: (chunk: Buffer) => void): void }).on('data', (chunk) => {
        bytes += chunk.length;
      });
    }, reject);
  });
}

function measureOndeck(port: number): Promise<RunResult> {
  const client = new AmiClient({ host: '127.0.0.1', port, username: 'ondeck', secret: 'secret' });
  return new Promise((resolve) => {
    const started = performance.now();
    cpuAtStart = process.cpuUsage();
    let events = 0;
    const byName = new Map<string, number>();
    // "Applied": every event is looked at by name and counted, like a model would dispatch it.
    client.on('event', (message) => {
      events++;
      const name = message.event ?? '';
      byName.set(name, (byName.get(name) ?? 0) + 1);
    });
    client.on('close', () => {
      resolve({ contender: 'ondeck', bytes: 0, events, seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSeconds(), peakRssMb: peakRssMb() });
    });
    void client.connect().catch(() => undefined);
  });
}

async function child(contender: Contender, port: number): Promise<void> {
  const measure = { bare: measureBare, 'asterisk-ami-client': measureLegacy, ondeck: measureOndeck }[contender];
  const result = await measure(port);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

// ---- parent side ----

function format(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const { stream, events } = buildStream(Number(argument('events', '200000')));
  const runs = Number(argument('runs', '3'));
  console.log(
    `AMI ingest: ${format(events)} events, ${format(stream.length / 1e6, 1)} MB, loopback TCP, ` +
      `${runs} run(s) per contender, medians shown; load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} CPUs`,
  );
  const results: RunResult[] = [];
  // Interleaved so a burst of load on a shared machine hits every contender alike.
  for (let run = 0; run < runs; run++) {
    for (const contender of CONTENDERS) {
      const server = await serve(stream, contender);
      const address = server.address() as net.AddressInfo;
      const result = await runChild(contender, address.port);
      server.close();
      // The event clients read the same stream as bare: report its size for bytes/s.
      results.push({ ...result, bytes: stream.length });
    }
  }
  const bareBytesPerSecond = median(
    results.filter((result) => result.contender === 'bare').map((result) => result.bytes / result.seconds),
  );
  const rows = CONTENDERS.map((contender) => {
    const mine = results.filter((result) => result.contender === contender);
    const bytesPerSecond = median(mine.map((result) => result.bytes / result.seconds));
    const eventsPerSecond = median(mine.map((result) => result.events / result.seconds));
    return {
      contender,
      'events/s': contender === 'bare' ? '-' : format(eventsPerSecond),
      'MB/s': format(bytesPerSecond / 1e6, 1),
      'x slower than bare': format(bareBytesPerSecond / bytesPerSecond, 2),
      'events lost (max)': contender === 'bare' ? '-' : format(Math.max(...mine.map((result) => events - result.events))),
      'seconds (median)': format(median(mine.map((result) => result.seconds)), 2),
      'events/CPU-s': contender === 'bare' ? '-' : format(median(mine.map((result) => result.events / result.cpuSeconds))),
      'CPU-s': format(median(mine.map((result) => result.cpuSeconds)), 2),
      'peak RSS MB (max)': format(Math.max(...mine.map((result) => result.peakRssMb))),
    };
  });
  console.table(rows);
  const ours = results.filter((result) => result.contender === 'ondeck').map((r) => format(r.events / r.seconds));
  console.log(`ondeck runs (events/s): ${ours.join(', ')}. Target: >= 50,000 events/s and within 5x of bare.`);
}

const childIndex = process.argv.indexOf('--child');
if (childIndex !== -1) {
  child(process.argv[childIndex + 1] as Contender, Number(argument('port', '0'))).catch((error: unknown) => {
    console.error('bench child failed:', error);
    process.exit(1);
  });
} else {
  await main();
}
