import { describe, expect, it } from 'vitest';
import { checkDialTarget, isDtmfTone } from './dial-target';

describe('checkDialTarget', () => {
  it.each([
    ['1001', '1001'],
    ['  *55 ', '*55'],
    ['#123', '#123'],
    ['+44 (20) 7946-0958', '+442079460958'],
    ['sip:1002', '1002'],
    ['sip:1002@pbx.example.com', '1002'],
    ['SIPS:*97@pbx', '*97'],
  ])('accepts %j as %j', (input, user) => {
    expect(checkDialTarget(input)).toEqual({ ok: true, user });
  });

  it.each([
    ['', 'Enter a number to call'],
    ['   ', 'Enter a number to call'],
    ['12ab', 'Only digits, *, # and a leading + can be dialled'],
    ['10+01', 'Only digits, *, # and a leading + can be dialled'],
    ['++1', 'Only digits, *, # and a leading + can be dialled'],
    ['sip:@pbx', 'The SIP address has no user part'],
    ['sip:alice@pbx', 'Only digits, *, # and a leading + can be dialled'],
    ['1001;transport=tcp', 'Only digits, *, # and a leading + can be dialled'],
    ['1'.repeat(33), 'A number has at most 32 characters'],
  ])('refuses %j', (input, reason) => {
    expect(checkDialTarget(input)).toEqual({ ok: false, reason });
  });
});

describe('isDtmfTone', () => {
  it('accepts the sixteen DTMF keys and nothing else', () => {
    for (const tone of '0123456789*#ABCDabcd') expect(isDtmfTone(tone)).toBe(true);
    for (const tone of ['', '12', 'E', ' ', '+', 'x']) expect(isDtmfTone(tone)).toBe(false);
  });
});
