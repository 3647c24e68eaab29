import { describe, expect, it } from 'vitest';
import { CsvRowCounter, bytesText, fileNameFrom, readCsvWithProgress, type CsvProgress } from './csv-progress';

const encoder = new TextEncoder();

/** A body that delivers the given pieces one read at a time, as a slow network would. */
function streamOf(pieces: string[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = pieces[next++];
      if (piece === undefined) controller.close();
      else controller.enqueue(encoder.encode(piece));
    },
  });
}

describe('CsvRowCounter', () => {
  it('counts finished data rows, not the header', () => {
    const counter = new CsvRowCounter();
    counter.add(encoder.encode('start,from\n'));
    expect(counter.rows).toBe(0);
    counter.add(encoder.encode('2026-12-01,1001\n2026-12-01,10'));
    expect(counter.rows).toBe(1);
    counter.add(encoder.encode('02\n'));
    expect(counter.rows).toBe(2);
  });

  it('keeps a line break inside a quoted field in its row, even split across chunks', () => {
    const counter = new CsvRowCounter();
    counter.add(encoder.encode('name,note\n"Ann","line one'));
    counter.add(encoder.encode('\nline two ""quoted"""\nBob,x\n'));
    expect(counter.rows).toBe(2);
  });
});

describe('readCsvWithProgress', () => {
  it('reports bytes and rows after every chunk and returns the whole file', async () => {
    const seen: CsvProgress[] = [];
    const pieces = ['a,b\n', '1,2\n3,', '4\n', 'é,5\n'];
    const { blob, progress } = await readCsvWithProgress(streamOf(pieces), { onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.rows)).toEqual([0, 1, 2, 3]);
    expect(seen.map((p) => p.bytes)).toEqual([4, 10, 12, 17]);
    expect(progress).toEqual({ bytes: 17, rows: 3 });
    expect(await blob.text()).toBe(pieces.join(''));
    expect(blob.type).toBe('text/csv');
  });

  it('passes a cancel on as the stream error it is', async () => {
    const controller = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      start(stream) {
        stream.enqueue(encoder.encode('a\n1\n'));
        controller.signal.addEventListener('abort', () => stream.error(new DOMException('aborted', 'AbortError')));
      },
    });
    const reading = readCsvWithProgress(body, { onProgress: () => controller.abort() });
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('bytesText', () => {
  it('says sizes in plain units', () => {
    expect(bytesText(12)).toBe('12 bytes');
    expect(bytesText(340 * 1024)).toBe('340 KB');
    expect(bytesText(1.25 * 1024 * 1024)).toBe('1.3 MB');
  });
});

describe('fileNameFrom', () => {
  it('takes the server’s file name and refuses a path', () => {
    expect(fileNameFrom('attachment; filename="calls-2026-12-08-to-2026-12-09.csv"', 'x.csv')).toBe('calls-2026-12-08-to-2026-12-09.csv');
    expect(fileNameFrom('attachment; filename="../evil.csv"', 'x.csv')).toBe('x.csv');
    expect(fileNameFrom(null, 'x.csv')).toBe('x.csv');
  });
});
