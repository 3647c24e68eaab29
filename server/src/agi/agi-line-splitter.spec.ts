import { describe, expect, it } from 'vitest';
import { AgiLineSplitter } from './agi-line-splitter';

describe('AgiLineSplitter', () => {
  it('joins lines split over reads and drops a CR before LF', () => {
    const splitter = new AgiLineSplitter(100);
    expect(splitter.push('200 res')).toEqual([]);
    expect(splitter.push('ult=0\nHANG')).toEqual(['200 result=0']);
    expect(splitter.push('UP\r\n\n')).toEqual(['HANGUP', '']);
  });

  it('throws on a complete line over the limit', () => {
    expect(() => new AgiLineSplitter(10).push(`${'x'.repeat(11)}\n`)).toThrow(RangeError);
  });

  it('throws when an unfinished line grows over the limit', () => {
    const splitter = new AgiLineSplitter(10);
    splitter.push('x'.repeat(10));
    expect(() => splitter.push('x')).toThrow(RangeError);
  });
});
