/**
 * Test and bench helpers around the recorded Asterisk captures in
 * server/test/fixtures/ami-traces. Not part of the runtime surface.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CAPTURE_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../test/fixtures/ami-traces',
);

/** Raw bytes of one capture, e.g. `list-actions-live`. */
export function readCapture(name: string): Buffer {
  return readFileSync(join(CAPTURE_DIR, `${name}.ami.txt`));
}

export function captureNames(): string[] {
  return readdirSync(CAPTURE_DIR)
    .filter((file) => file.endsWith('.ami.txt'))
    .map((file) => file.slice(0, -'.ami.txt'.length))
    .sort();
}

/**
 * The messages of a capture as CRLF blocks (each ending in CRLF CRLF), banner removed.
 * Split the way the capture README's independent checker does, at an empty line; one
 * capture (mixmonitor) was stored with bare LF line ends, so both are accepted and the
 * blocks are normalised to CRLF as Asterisk sends them.
 */
export function captureBlocks(name: string): string[] {
  const text = readCapture(name).toString('utf8');
  const afterBanner = text.slice(text.indexOf('\n') + 1);
  return afterBanner
    .split(/\r?\n\r?\n/)
    .filter((block) => block.length > 0)
    .map((block) => `${block.replace(/\r?\n/g, '\r\n')}\r\n\r\n`);
}

