import { describe, expect, it } from 'vitest';
import { parseRange } from './byte-range';

describe('parseRange', () => {
  it('serves the whole file without a header or with several ranges', () => {
    expect(parseRange(undefined, 1000)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=0-1,5-9', 1000)).toEqual({ kind: 'full' });
  });

  it('reads first bytes, middle, open end and suffix', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ kind: 'partial', start: 0, end: 99 });
    expect(parseRange('bytes=400-599', 1000)).toEqual({ kind: 'partial', start: 400, end: 599 });
    expect(parseRange('bytes=100-', 1000)).toEqual({ kind: 'partial', start: 100, end: 999 });
    expect(parseRange('bytes=-500', 1000)).toEqual({ kind: 'partial', start: 500, end: 999 });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ kind: 'partial', start: 0, end: 999 });
    expect(parseRange('bytes=900-5000', 1000)).toEqual({ kind: 'partial', start: 900, end: 999 });
  });

  it.each(['bytes=1000-', 'bytes=500-100', 'bytes=-0', 'bytes=-', 'bytes=abc', 'items=0-1', 'bytes=0-1x'])(
    'answers %j with 416',
    (header) => {
      expect(parseRange(header, 1000)).toEqual({ kind: 'unsatisfiable' });
    },
  );

  it('cannot satisfy any range of an empty file', () => {
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-10', 0)).toEqual({ kind: 'unsatisfiable' });
  });
});
