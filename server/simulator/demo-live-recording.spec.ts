import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeLiveRecording } from './demo-history';

const dirs: string[] = [];
const scratch = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ondeck-live-rec-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('writeLiveRecording (the demo\'s MixMonitor files)', () => {
  it('writes a playable WAV where OnDeck\'s on-demand recording asked for it, under the monitor folder', async () => {
    const root = scratch();
    const written = await writeLiveRecording(root, '2026/12/08/ondemand-1001-1002-20261208-093000-1796722200.51.wav');
    expect(written).toBe(path.join(root, '2026', '12', '08', 'ondemand-1001-1002-20261208-093000-1796722200.51.wav'));
    expect(readFileSync(written ?? '').toString('ascii', 0, 4)).toBe('RIFF');
  });

  it('puts a bare name into today\'s folder', async () => {
    const root = scratch();
    expect(await writeLiveRecording(root, '1796722200.51.wav', new Date('2026-12-08T09:30:00Z'))).toBe(path.join(root, '2026', '12', '08', '1796722200.51.wav'));
  });

  it('ignores absolute paths, parent segments and other formats', async () => {
    const root = scratch();
    for (const file of ['/etc/passwd.wav', '2026/12/08/../../x.wav', '../x.wav', 'x.gsm', '2026/12/08/sub/x.wav']) {
      expect(await writeLiveRecording(root, file)).toBeNull();
    }
    expect(readdirSync(root)).toEqual([]);
    expect(existsSync('/etc/passwd.wav')).toBe(false);
  });
});
