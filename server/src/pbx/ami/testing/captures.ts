/**
 * The one loader of the recorded Asterisk captures in server/test/fixtures/ami-traces, for
 * specs, integration tests and benches (never the runtime). Every reader of a capture file
 * goes through here, so the folder is named once. For each scenario NAME the folder holds
 * NAME.ami.txt (the raw AMI stream), often NAME.expect.json (checkpoints of the true state)
 * and sometimes NAME.actions.txt or an AGI transcript (*.txt).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AmiParser, type AmiMessage } from '../codec';

export const CAPTURE_DIR = fileURLToPath(new URL('../../../../test/fixtures/ami-traces', import.meta.url));

/** Any file of the capture folder by its full name, e.g. `agi-session.txt`, as text. */
export function readCaptureFile(fileName: string): string {
  return readFileSync(join(CAPTURE_DIR, fileName), 'utf8');
}

/** Raw bytes of one AMI capture, e.g. `list-actions-live`. */
export function readCapture(name: string): Buffer {
  return readFileSync(join(CAPTURE_DIR, `${name}.ami.txt`));
}

/** Every AMI capture, sorted. */
export function captureNames(): string[] {
  return readdirSync(CAPTURE_DIR)
    .filter((file) => file.endsWith('.ami.txt'))
    .map((file) => file.slice(0, -'.ami.txt'.length))
    .sort();
}

/** The AMI captures that come with checkpoints of the true state (NAME.expect.json), sorted. */
export function checkpointedCaptureNames(): string[] {
  return captureNames().filter((name) => existsSync(join(CAPTURE_DIR, `${name}.expect.json`)));
}

/** A capture parsed by OnDeck's own AMI parser, banner skipped. */
export function loadMessages(name: string): AmiMessage[] {
  const messages: AmiMessage[] = [];
  const parser = new AmiParser({ onMessage: (message) => messages.push(message) });
  parser.push(readCapture(name));
  return messages;
}

/**
 * NAME.expect.json as recorded. Each reader types the part it compares (the model its
 * relations, the simulator its device and queue views).
 */
export function readExpectFile<T>(name: string): T {
  return JSON.parse(readCaptureFile(`${name}.expect.json`)) as T;
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
