import { describe, expect, it } from 'vitest';
import { ScryptPasswordHasher } from '../../auth';
import { isValidPin, PinHasher } from './pin-hasher';

const cheap = new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });
const PEPPER = 'test-pepper-0123456789';

describe('PinHasher', () => {
  it('verifies the right PIN and refuses a wrong one', async () => {
    const pins = new PinHasher(PEPPER, cheap);
    const stored = await pins.hash('4711');
    expect(stored).not.toContain('4711');
    expect(await pins.verify('4711', stored)).toBe(true);
    expect(await pins.verify('4712', stored)).toBe(false);
  });

  it('salts per hash and depends on the pepper', async () => {
    const pins = new PinHasher(PEPPER, cheap);
    const first = await pins.hash('123456');
    expect(await pins.hash('123456')).not.toBe(first);
    expect(await new PinHasher('another-pepper-9876543210', cheap).verify('123456', first)).toBe(false);
  });

  it('accepts only 4 to 8 digits', async () => {
    expect(['1234', '12345678'].every(isValidPin)).toBe(true);
    expect(['123', '123456789', '12a4', '', '1234\n', ' 1234'].some(isValidPin)).toBe(false);
    const pins = new PinHasher(PEPPER, cheap);
    expect(() => pins.hash('123')).toThrow(RangeError);
    expect(await pins.verify('12#4', await pins.hash('1234'))).toBe(false);
  });

  it('refuses a short pepper', () => {
    expect(() => new PinHasher('short', cheap)).toThrow(/ONCALL_PIN_PEPPER/);
  });
});
