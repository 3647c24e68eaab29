import net, { type Socket } from 'node:net';
import { readCaptureFile } from '../../pbx/ami/testing/captures';

/**
 * Plays the Asterisk side of a FastAGI connection in tests: sends environment and replies,
 * and reads the commands the server writes. Test-only; not exported from the agi index.
 */
export class ScriptedAsterisk {
  private buffered = '';
  private readonly lines: string[] = [];
  private waiter: (() => void) | null = null;
  private ended = false;
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffered += chunk;
      let newline = this.buffered.indexOf('\n');
      while (newline !== -1) {
        this.lines.push(this.buffered.slice(0, newline));
        this.buffered = this.buffered.slice(newline + 1);
        newline = this.buffered.indexOf('\n');
      }
      this.wake();
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        this.ended = true;
        this.wake();
        resolve();
      }),
    );
  }

  static connect(port: number, host = '127.0.0.1'): Promise<ScriptedAsterisk> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host, () => resolve(new ScriptedAsterisk(socket)));
      socket.once('error', reject);
    });
  }

  send(bytes: string): void {
    this.socket.write(bytes);
  }

  /** Sends the environment the way Asterisk 22 does (bare LF lines, then an empty line). */
  sendEnvironment(variables: Record<string, string>): void {
    const lines = Object.entries(variables).map(([key, value]) => `${key}: ${value}\n`);
    this.send(lines.join('') + '\n');
  }

  /** The next command line the server wrote, or null once the server closed the connection. */
  async nextCommand(timeoutMs = 5_000): Promise<string | null> {
    const deadline = setTimeout(() => this.wake(), timeoutMs);
    try {
      const started = Date.now();
      while (this.lines.length === 0 && !this.ended) {
        if (Date.now() - started >= timeoutMs) throw new Error('no AGI command arrived');
        await new Promise<void>((resolve) => (this.waiter = resolve));
      }
      return this.lines.shift() ?? null;
    } finally {
      clearTimeout(deadline);
    }
  }

  /** The next command split into words, or null once the server closed the connection. */
  async nextCommandWords(timeoutMs = 5_000): Promise<string[] | null> {
    const command = await this.nextCommand(timeoutMs);
    return command === null ? null : splitAgiCommand(command);
  }

  /** Expects a command and answers it with `reply` (a full line, LF added). Returns the command's words. */
  async expectCommand(reply: string): Promise<string[]> {
    const command = await this.nextCommand();
    if (command === null) throw new Error(`connection closed while waiting for a command (reply ${reply})`);
    this.send(`${reply}\n`);
    return splitAgiCommand(command);
  }

  /**
   * Plays `steps` from a transcript: sends Asterisk's bytes, and for each command the recorder
   * wrote, waits for the server's command. Returns the server's commands and the recorded ones
   * as words (quoting may differ, words may not).
   */
  async replay(steps: readonly TranscriptStep[]): Promise<{ sent: string[][]; recorded: string[][] }> {
    const sent: string[][] = [];
    const recorded: string[][] = [];
    for (const step of steps) {
      if (step.from === 'asterisk') {
        this.send(step.bytes);
        continue;
      }
      recorded.push(splitAgiCommand(step.bytes.trimEnd()));
      sent.push(splitAgiCommand((await this.nextCommand()) ?? ''));
    }
    return { sent, recorded };
  }

  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }
}

/** Splits a command line the way Asterisk's parse_args() does: quotes group, backslash escapes. */
export function splitAgiCommand(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quoted = false;
  let escaped = false;
  for (const character of line) {
    if (escaped) {
      current += character;
      escaped = false;
      inWord = true;
    } else if (character === '\\') {
      escaped = true;
    } else if (character === '"') {
      quoted = !quoted;
      inWord = true;
    } else if (!quoted && (character === ' ' || character === '\t')) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += character;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

/** Transcript steps up to and including the first unsolicited `HANGUP` line from Asterisk. */
export function stepsUntilHangupLine(steps: readonly TranscriptStep[]): TranscriptStep[] {
  const index = steps.findIndex((step) => step.from === 'asterisk' && step.bytes === 'HANGUP\n');
  return steps.slice(0, index + 1);
}

export type TranscriptStep = { from: 'asterisk'; bytes: string } | { from: 'server'; bytes: string };

/**
 * Reads a FastAGI byte transcript from test/fixtures/ami-traces (`[+0.034s] AST->AGI 421 bytes: "<JSON>"`):
 * each AST->AGI entry is one TCP read, each AGI->AST entry one command written by the recording server.
 */
export function readAgiTranscript(fixtureName: string): TranscriptStep[] {
  const steps: TranscriptStep[] = [];
  for (const line of readCaptureFile(fixtureName).split('\n')) {
    const match = /^\[\+[\d.]+s\] (AST->AGI|AGI->AST) \d+ bytes: (".*")$/.exec(line);
    if (!match) continue;
    const bytes = JSON.parse(match[2] ?? '""') as string;
    steps.push({ from: match[1] === 'AST->AGI' ? 'asterisk' : 'server', bytes });
  }
  return steps;
}
