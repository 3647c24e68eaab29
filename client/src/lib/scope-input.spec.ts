import { assert, describe, expect, it } from 'vitest';
import { formatScopeList, parseExtensionList, parseQueueList } from './scope-input';

describe('parseExtensionList', () => {
  it('expands ranges and mixes separators', () => {
    expect(parseExtensionList('1001-1003, 2001 2002;2005')).toEqual({
      ok: true,
      values: ['1001', '1002', '1003', '2001', '2002', '2005'],
    });
  });

  it('accepts spaces around the dash and drops duplicates', () => {
    expect(parseExtensionList('101 - 103, 102')).toEqual({ ok: true, values: ['101', '102', '103'] });
  });

  it('keeps leading zeros inside a range', () => {
    expect(parseExtensionList('098-101')).toEqual({ ok: true, values: ['098', '099', '100', '101'] });
  });

  it('treats blank input as an empty list', () => {
    expect(parseExtensionList('  ,  ')).toEqual({ ok: true, values: [] });
  });

  it.each([
    ['1010-1001', 'backwards'],
    ['abc', '"abc" must be 2 to 10 digits'],
    ['1', '"1" must be 2 to 10 digits'],
    ['99-1000', 'same number of digits'],
    ['10000-20000', 'at most 5000'],
    ['1001-', 'must be 2 to 10 digits'],
  ])('rejects %s', (input, message) => {
    const result = parseExtensionList(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });
});

describe('parseQueueList', () => {
  it('accepts named and numeric queues', () => {
    expect(parseQueueList('sales, 400-402')).toEqual({ ok: true, values: ['sales', '400', '401', '402'] });
  });

  it('rejects characters queues cannot have', () => {
    const result = parseQueueList('sales/east');
    assert(!result.ok, 'sales/east must be refused');
    expect(result.error).toContain('sales/east');
  });
});

describe('formatScopeList', () => {
  it('folds consecutive numbers into ranges', () => {
    expect(formatScopeList(['1001', '1002', '1003', '2001', 'sales'])).toBe('1001-1003, 2001, sales');
  });

  it('round-trips with the parser', () => {
    const parsed = parseExtensionList('0998-1002, 3000');
    expect(parsed.ok && formatScopeList(parsed.values)).toBe('0998-1002, 3000');
  });

  it('does not join numbers of different width', () => {
    expect(formatScopeList(['99', '100'])).toBe('99, 100');
  });
});
