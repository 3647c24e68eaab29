export type RangeResult =
  | { kind: 'full' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * One `Range` header against a file of `size` bytes. `end` is inclusive, as in Content-Range.
 * No header, or several ranges (`bytes=0-1,5-9`), gives the whole file: RFC 9110 lets a
 * server ignore Range, browsers' media elements only ever ask for one, and it spares us
 * multipart/byteranges. A malformed or unsatisfiable single range is 416, as the issue asks.
 */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined || header.trim() === '') return { kind: 'full' };
  const value = header.trim();
  if (value.startsWith('bytes=') && value.includes(',')) return { kind: 'full' };
  const match = SINGLE_RANGE.exec(value);
  if (!match) return { kind: 'unsatisfiable' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'unsatisfiable' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || (last !== '' && Number(last) < start)) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}
