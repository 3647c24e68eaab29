import { describe, expect, it } from 'vitest';
import { normaliseDid } from './did';

describe('normaliseDid', () => {
  it.each([
    ['+15551234567', '+15551234567'],
    ['+1 (555) 123-4567', '+15551234567'],
    ['15551234567', '+15551234567'],
    ['0015551234567', '+15551234567'],
    ['  +49 30 1234.5678 ', '+493012345678'],
    ['+123456789012345', '+123456789012345'],
  ])('%j becomes %s', (input, did) => {
    expect(normaliseDid(input)).toEqual({ ok: true, did });
  });

  it('puts the default country code in front of a national number with a trunk 0', () => {
    expect(normaliseDid('030 1234 5678', { defaultCountryCode: '49' })).toEqual({ ok: true, did: '+493012345678' });
  });

  it.each([
    ['', 'Enter the phone number.'],
    ['   ', 'Enter the phone number.'],
    ['+1 555 CALL NOW', 'A phone number has only digits, spaces, dashes and an optional + in front.'],
    ['+1555+1234567', 'A phone number has only digits, spaces, dashes and an optional + in front.'],
    ["1'; DROP TABLE dids; --", 'A phone number has only digits, spaces, dashes and an optional + in front.'],
    ['+1234567890123456', 'That number is too long: international numbers have at most 15 digits.'],
    ['+1234567', 'That number is too short or does not start with a country code.'],
    ['+05551234567', 'That number is too short or does not start with a country code.'],
    ['030 1234 5678', 'That number is too short or does not start with a country code.'],
  ])('refuses %j in plain words', (input, error) => {
    expect(normaliseDid(input)).toEqual({ ok: false, error });
  });
});
