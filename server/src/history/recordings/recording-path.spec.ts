import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  datedFolder,
  nodeRecordingFileSystem,
  rejectRecordingFileName,
  resolveRecordingPath,
  storedFileName,
  type RecordingFileSystem,
} from './recording-path';

const CALL_DATE = '2026-12-07 10:10:10';
const FILE = 'in-2001-1001-20261207-101010-1701946210.123.wav';

/** An in-memory disk: canonical paths map to sizes; `links` map a path to its canonical target. */
function fakeFileSystem(files: Record<string, number>, links: Record<string, string> = {}): RecordingFileSystem {
  return {
    realpath: (target) => Promise.resolve(links[target] ?? (target in files || target === '/monitor' ? target : null)),
    stat: (target) => {
      const size = files[target];
      return Promise.resolve(size === undefined ? null : { isFile: true, size });
    },
  };
}

describe('rejectRecordingFileName', () => {
  it.each([
    ['', 'empty'],
    ['..', 'dot-segment'],
    ['../../etc/passwd', 'path-separator'],
    ['..%2f..%2fetc%2fpasswd', 'dot-segment'],
    ['%2e%2e%2fetc%2fpasswd', 'percent-encoded'],
    ['%252e%252e%252fetc%252fpasswd', 'percent-encoded'],
    ['/etc/passwd', 'absolute-path'],
    ['C:secret.wav', 'absolute-path'],
    ['2026/12/07/x.wav', 'path-separator'],
    ['..\\..\\boot.ini', 'backslash'],
    ['call.wav\0.txt', 'nul-byte'],
    ['call..wav', 'dot-segment'],
    ['.hidden.wav', 'invalid-characters'],
    ['call name.wav', 'invalid-characters'],
  ])('rejects %j as %s', (name, reason) => {
    expect(rejectRecordingFileName(name)).toBe(reason);
  });

  it('accepts FreePBX names', () => {
    expect(rejectRecordingFileName(FILE)).toBeNull();
    expect(rejectRecordingFileName('q-400-+4930123-20261207-101010-1701946210.9.WAV')).toBeNull();
    expect(rejectRecordingFileName('ondemand-1001-20261207.mp3')).toBeNull();
  });
});

describe('storedFileName and datedFolder', () => {
  it('stores wav49 as .WAV and leaves other formats alone', () => {
    expect(storedFileName('out-1001-20261207.wav49')).toBe('out-1001-20261207.WAV');
    expect(storedFileName('out-1001-20261207.wav')).toBe('out-1001-20261207.wav');
  });

  it('takes the folder from the CDR wall-clock date, without time-zone conversion', () => {
    expect(datedFolder('2026-12-07 23:59:59')).toBe('2026/12/07');
    expect(datedFolder('2026-01-01')).toBe('2026/01/01');
    expect(datedFolder('2026-13-01 00:00:00')).toBeNull();
    expect(datedFolder('../../etc')).toBeNull();
  });
});

describe('resolveRecordingPath (port)', () => {
  it('finds the file under YYYY/MM/DD first', async () => {
    const fs = fakeFileSystem({ [`/monitor/2026/12/07/${FILE}`]: 1234, [`/monitor/${FILE}`]: 1 });
    expect(await resolveRecordingPath('/monitor', FILE, CALL_DATE, fs)).toEqual({
      kind: 'found',
      path: `/monitor/2026/12/07/${FILE}`,
      fileName: FILE,
      size: 1234,
    });
  });

  it('falls back to the root itself', async () => {
    const fs = fakeFileSystem({ [`/monitor/${FILE}`]: 7 });
    expect(await resolveRecordingPath('/monitor', FILE, CALL_DATE, fs)).toMatchObject({ kind: 'found', path: `/monitor/${FILE}` });
  });

  it('looks a wav49 recording up as .WAV', async () => {
    const fs = fakeFileSystem({ '/monitor/2026/12/07/out-1.WAV': 3 });
    expect(await resolveRecordingPath('/monitor', 'out-1.wav49', CALL_DATE, fs)).toMatchObject({ kind: 'found', fileName: 'out-1.WAV' });
  });

  it('says not found for a missing file or a missing root', async () => {
    expect(await resolveRecordingPath('/monitor', FILE, CALL_DATE, fakeFileSystem({}))).toEqual({ kind: 'not-found' });
    expect(await resolveRecordingPath('/nowhere', FILE, CALL_DATE, fakeFileSystem({}))).toEqual({ kind: 'not-found' });
  });

  it('refuses a symlink whose target is outside the root', async () => {
    const fs = fakeFileSystem({ '/etc/passwd': 99 }, { [`/monitor/2026/12/07/${FILE}`]: '/etc/passwd' });
    expect(await resolveRecordingPath('/monitor', FILE, CALL_DATE, fs)).toEqual({ kind: 'rejected', reason: 'outside-root' });
  });

  it('never asks the disk about a CDR recordingfile that holds ../', async () => {
    const asked: string[] = [];
    const fs: RecordingFileSystem = {
      realpath: (target) => (asked.push(target), Promise.resolve(target)),
      stat: () => Promise.resolve({ isFile: true, size: 1 }),
    };
    expect(await resolveRecordingPath('/monitor', '../../../etc/passwd', CALL_DATE, fs)).toEqual({ kind: 'rejected', reason: 'path-separator' });
    expect(await resolveRecordingPath('/monitor', 'x.wav', '../../etc', fs)).toEqual({ kind: 'rejected', reason: 'invalid-call-date' });
    expect(asked).toEqual([]);
  });
});

describe('resolveRecordingPath (real disk)', () => {
  let base: string;
  let root: string;

  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'ondeck-recordings-'));
    root = path.join(base, 'monitor');
    await mkdir(path.join(root, '2026/12/07'), { recursive: true });
    await mkdir(path.join(base, 'outside'));
    await writeFile(path.join(base, 'outside', 'secret.wav'), 'SECRET');
    await writeFile(path.join(root, '2026/12/07', FILE), 'RIFF-audio');
    await writeFile(path.join(root, 'flat.wav'), 'flat');
    await writeFile(path.join(root, '2026/12/07', 'inside-target.wav'), 'inside');
    await symlink(path.join(base, 'outside', 'secret.wav'), path.join(root, '2026/12/07', 'escape.wav'));
    await symlink('../../../../outside/secret.wav', path.join(root, '2026/12/07', 'relative-escape.wav'));
    await symlink(path.join(root, '2026/12/07', 'inside-target.wav'), path.join(root, '2026/12/07', 'inside-link.wav'));
    await symlink(path.join(base, 'outside'), path.join(root, '2026/12/08'));
    await symlink(path.join(base, 'nothing.wav'), path.join(root, '2026/12/07', 'dangling.wav'));
    await mkdir(path.join(root, '2026/12/07', 'folder.wav'));
  });

  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('finds a real file with its size', async () => {
    expect(await resolveRecordingPath(root, FILE, CALL_DATE, nodeRecordingFileSystem)).toMatchObject({ kind: 'found', size: 10, fileName: FILE });
    expect(await resolveRecordingPath(root, 'flat.wav', CALL_DATE, nodeRecordingFileSystem)).toMatchObject({ kind: 'found', size: 4 });
  });

  it('follows a symlink that stays inside the root', async () => {
    const found = await resolveRecordingPath(root, 'inside-link.wav', CALL_DATE, nodeRecordingFileSystem);
    expect(found).toMatchObject({ kind: 'found', size: 6 });
    expect(found.kind === 'found' && found.path.endsWith('inside-target.wav')).toBe(true);
  });

  it.each(['escape.wav', 'relative-escape.wav'])('refuses the symlink %s pointing outside', async (name) => {
    expect(await resolveRecordingPath(root, name, CALL_DATE, nodeRecordingFileSystem)).toEqual({ kind: 'rejected', reason: 'outside-root' });
  });

  it('refuses a dated folder that is a symlink outside', async () => {
    expect(await resolveRecordingPath(root, 'secret.wav', '2026-12-08 09:00:00', nodeRecordingFileSystem)).toEqual({
      kind: 'rejected',
      reason: 'outside-root',
    });
  });

  it('says not found for a missing file, a dangling symlink and a directory', async () => {
    for (const name of ['missing.wav', 'dangling.wav', 'folder.wav']) {
      expect(await resolveRecordingPath(root, name, CALL_DATE, nodeRecordingFileSystem)).toEqual({ kind: 'not-found' });
    }
  });

  it.each([
    '../outside/secret.wav',
    '..%2foutside%2fsecret.wav',
    '%2e%2e%2foutside%2fsecret.wav',
    '%252e%252e%252foutside%252fsecret.wav',
    'secret.wav\0',
  ])('never reads outside through %j', async (name) => {
    expect(await resolveRecordingPath(root, name, CALL_DATE, nodeRecordingFileSystem)).toMatchObject({ kind: 'rejected' });
  });

  it('refuses an absolute path to a real file', async () => {
    expect(await resolveRecordingPath(root, path.join(base, 'outside', 'secret.wav'), CALL_DATE, nodeRecordingFileSystem)).toEqual({
      kind: 'rejected',
      reason: 'absolute-path',
    });
  });

  it('is reached through a symlinked root too', async () => {
    const linkedRoot = path.join(base, 'monitor-link');
    await symlink(root, linkedRoot);
    expect(await resolveRecordingPath(linkedRoot, FILE, CALL_DATE, nodeRecordingFileSystem)).toMatchObject({ kind: 'found', size: 10 });
  });
});
