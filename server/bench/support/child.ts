/**
 * Bench helpers run the PBX simulator and the OnDeck server each in their own Node process,
 * so the CPU and memory we report are theirs alone, not the benchmark clients'. The parent
 * talks to them over Node's IPC channel with small typed request/reply messages.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface BenchMessage {
  type: string;
}

export interface BenchChild {
  readonly process: ChildProcess;
  /** Sends `message` and resolves with the first reply of type `replyType`. */
  request<R extends BenchMessage>(message: BenchMessage & Record<string, unknown>, replyType: R['type']): Promise<R>;
  /** Resolves with the next message of this type (e.g. `ready`). */
  next<R extends BenchMessage>(type: R['type']): Promise<R>;
  /** Asks the child to stop, then kills it if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Forks `script` (a path relative to this folder) under tsx with `args`. */
export function forkBenchChild(script: string, args: readonly string[], execArgv: readonly string[] = []): BenchChild {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = fork(path, [...args], { execArgv: ['--import', 'tsx', ...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <R extends BenchMessage>(type: R['type']): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      const onMessage = (message: unknown): void => {
        if ((message as BenchMessage | null)?.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message as R);
      };
      const onExit = (code: number | null): void => {
        child.off('message', onMessage);
        reject(new Error(`${script} exited (${code}) while we waited for "${type}"`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  return {
    process: child,
    next,
    request(message, replyType) {
      const reply = next(replyType);
      child.send(message);
      return reply;
    },
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      if (child.connected) child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** In a child: answers requests from the parent. A handler's return value is sent back. */
export function serveParent(handlers: Record<string, (message: BenchMessage & Record<string, unknown>) => unknown>): void {
  process.on('message', (message: BenchMessage & Record<string, unknown>) => {
    const handler = handlers[message.type];
    if (!handler) return;
    Promise.resolve(handler(message)).then(
      (reply) => {
        if (reply !== undefined && process.connected) process.send?.(reply);
      },
      (error: unknown) => {
        console.error(`bench child: handling ${message.type} failed:`, error);
        process.exit(1);
      },
    );
  });
  // The parent went away (Ctrl-C, crash): clean up as on a normal stop, then do not linger.
  process.on('disconnect', () => {
    const stop = handlers.stop;
    if (stop) {
      Promise.resolve(stop({ type: 'stop' })).then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('bench child: stopping after the parent left failed:', error);
          process.exit(1);
        },
      );
    }
    else process.exit(0);
  });
}

/** CPU and memory of the calling process, as children report them. */
export interface ProcessUsage {
  cpu: NodeJS.CpuUsage;
  memory: NodeJS.MemoryUsage;
}

export function processUsage(): ProcessUsage {
  return { cpu: process.cpuUsage(), memory: process.memoryUsage() };
}

/** CPU used between two readings, as a percentage of one core over `seconds`. */
export function cpuPercent(before: NodeJS.CpuUsage, after: NodeJS.CpuUsage, seconds: number): number {
  return ((after.user + after.system - before.user - before.system) / 1e6 / seconds) * 100;
}

export function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? Number.NaN : Number(process.argv[index + 1]);
  return Number.isFinite(value) ? value : fallback;
}

export function stringArgument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

/** Signs in over HTTP and returns the access token for a Socket.IO handshake. */
export async function signIn(url: string, login: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password }) });
  if (response.status !== 200) throw new Error(`sign-in as ${login} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** Nearest-rank percentile of an unsorted list; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** Prints a markdown table. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

/** One progress line on stderr, so the tables on stdout stay clean. */
export function progress(text: string): void {
  process.stderr.write(`  … ${text}\n`);
}
