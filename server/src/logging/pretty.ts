import { Writable } from 'node:stream';

/**
 * A pino destination that prints each JSON log line as one readable line for a person at a
 * terminal: `14:03:07 INFO  [pbx] AMI connected host=127.0.0.1 port=5038`. Errors keep their
 * stack, indented below. Under systemd OnDeck logs JSON instead (see createLogger).
 */
export interface PrettyStreamOptions {
  /** ANSI colours for the level (only when the output is a colour terminal). */
  colour?: boolean;
}

const LEVELS: Record<number, { name: string; colour: string }> = {
  10: { name: 'TRACE', colour: '\u001b[90m' },
  20: { name: 'DEBUG', colour: '\u001b[90m' },
  30: { name: 'INFO', colour: '\u001b[32m' },
  40: { name: 'WARN', colour: '\u001b[33m' },
  50: { name: 'ERROR', colour: '\u001b[31m' },
  60: { name: 'FATAL', colour: '\u001b[41m' },
};
const RESET = '\u001b[0m';
/** Pino's own bookkeeping, shown another way or not at all. */
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'app', 'module', 'err', 'v']);

export function formatLogLine(line: string, options: PrettyStreamOptions = {}): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const level = LEVELS[Number(record.level)] ?? { name: String(record.level), colour: '' };
  const levelText = level.name.padEnd(5);
  const time = typeof record.time === 'number' ? new Date(record.time).toTimeString().slice(0, 8) : '';
  const parts = [time, options.colour ? `${level.colour}${levelText}${RESET}` : levelText];
  if (typeof record.module === 'string') parts.push(`[${record.module}]`);
  if (typeof record.msg === 'string' && record.msg !== '') parts.push(record.msg);
  for (const [key, value] of Object.entries(record)) {
    if (HIDDEN.has(key) || value === undefined) continue;
    parts.push(`${key}=${formatValue(value)}`);
  }
  const err = record.err as { message?: unknown; stack?: unknown } | undefined;
  if (err && typeof err === 'object') {
    if (typeof err.message === 'string') parts.push(`err=${formatValue(err.message)}`);
    if (typeof err.stack === 'string') return `${parts.join(' ')}\n${indent(err.stack)}\n`;
  }
  return `${parts.join(' ')}\n`;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((row) => `    ${row}`)
    .join('\n');
}

/** A stream pino writes JSON lines to; each comes out formatted on `out`. */
export function prettyStream(out: NodeJS.WritableStream, options: PrettyStreamOptions = {}): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      for (const line of String(chunk).split('\n')) {
        if (line.trim() !== '') out.write(formatLogLine(line, options));
      }
      done();
    },
  });
}
