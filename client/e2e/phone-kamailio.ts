import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const KAMAILIO_CONFIG = resolve(import.meta.dirname, '../../scripts/kamailio/ondeck-ws-test.cfg');

/** Password the test Kamailio expects for an extension (see the config's REGISTER route). */
export function extensionPassword(extension: string): string {
  return `ondeck-${extension}`;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** Kamailio as a SIP-over-WebSocket registrar on 127.0.0.1, restartable by the tests. */
export class TestKamailio {
  readonly runDir = mkdtempSync(join(tmpdir(), 'ondeck-kamailio-'));
  #process: ChildProcess | null = null;
  #log = '';

  constructor(readonly wsPort: number) {}

  get url(): string {
    return `ws://127.0.0.1:${this.wsPort}`;
  }

  /** Recent Kamailio output, for failure messages. */
  get log(): string {
    return this.#log.slice(-20000);
  }

  async start(): Promise<void> {
    if (this.#process) throw new Error('Kamailio is already running');
    const child = spawn(
      'kamailio',
      ['-DD', '-E', '-f', KAMAILIO_CONFIG, '-A', `WS_PORT=${this.wsPort}`, '-P', join(this.runDir, 'kamailio.pid'), '-Y', this.runDir, '-w', this.runDir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (chunk: Buffer) => (this.#log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.#log += chunk.toString()));
    this.#process = child;
    await waitFor(() => portOpen(this.wsPort), `Kamailio on port ${this.wsPort}\n${this.log}`);
  }

  async stop(): Promise<void> {
    const child = this.#process;
    if (!child) return;
    this.#process = null;
    const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
    child.kill('SIGTERM');
    await exited;
    await waitFor(async () => !(await portOpen(this.wsPort)), 'Kamailio to close its port');
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.runDir, { recursive: true, force: true });
  }

  /** Only for debugging a failed run. */
  pid(): string {
    try {
      return readFileSync(join(this.runDir, 'kamailio.pid'), 'utf8').trim();
    } catch {
      return '';
    }
  }
}
