/** Test support: a scripted FastAGI server driven by the commands of a recorded transcript. */
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { readCaptureFile } from '../../src/pbx/ami/testing/captures';

/** `>>` lines (AGI server -> Asterisk) and `<<` lines (Asterisk -> AGI server) of a transcript. */
export function agiTranscript(name: string): { commands: string[]; fromAsterisk: string[] } {
  const lines = readCaptureFile(name).split('\n');
  const commands = lines.filter((l) => l.startsWith('            >> ')).map((l) => l.slice(15));
  const fromAsterisk = lines.filter((l) => l.startsWith('            << ')).map((l) => l.slice(15));
  return { commands, fromAsterisk };
}

/**
 * A scripted FastAGI server: reads the environment, sends each command after the full
 * reply to the previous one (and after the unsolicited HANGUP when one is due), closes.
 */
export async function scriptedAgiServer(commands: readonly string[]): Promise<{ port: number; received: Promise<string[]> }> {
  let resolveReceived: (lines: string[]) => void = () => undefined;
  const received = new Promise<string[]>((resolve) => {
    resolveReceived = resolve;
  });
  const server = createServer((socket: Socket) => {
    const lines: string[] = [];
    let buffer = '';
    let envDone = false;
    let index = 0;
    let waitingFor: ((line: string) => boolean) | undefined;
    let pendingHangup = false;
    const sendNext = (): void => {
      const command = commands[index++];
      if (command === undefined) {
        socket.end();
        return;
      }
      socket.write(`${command}\n`);
      waitingFor = (line) => /^\d{3} /.test(line);
      pendingHangup = command === 'HANGUP';
    };
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (!envDone) {
          if (line === '') {
            envDone = true;
            sendNext();
          } else lines.push(line);
          continue;
        }
        lines.push(line);
        if (waitingFor?.(line)) {
          if (line === '200 result=-1') pendingHangup = true;
          waitingFor = pendingHangup ? (l) => l === 'HANGUP' : undefined;
          pendingHangup = false;
          if (!waitingFor) sendNext();
        } else if (waitingFor && line === 'HANGUP' && !/^\d/.test(line)) {
          waitingFor = undefined;
          sendNext();
        }
      }
    });
    socket.on('close', () => {
      server.close();
      resolveReceived(lines);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { port: (server.address() as AddressInfo).port, received };
}

