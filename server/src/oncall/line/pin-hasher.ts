import { createHmac } from 'node:crypto';
import { ScryptPasswordHasher, type PasswordHasher } from '../../auth';
import { ONCALL_PIN_PATTERN } from '@ondeck/shared';

const PIN_FORMAT = ONCALL_PIN_PATTERN;
const MIN_PEPPER_LENGTH = 16;

export function isValidPin(pin: string): boolean {
  return PIN_FORMAT.test(pin);
}

/**
 * Hashes on-call PINs. A PIN has at most 10^8 values, so a leaked table alone could be brute
 * forced despite scrypt: the PIN is first keyed with a server-side pepper (HMAC-SHA256) that
 * never enters the database, then stored as a salted scrypt hash like account passwords.
 */
export class PinHasher {
  constructor(
    private readonly pepper: string,
    private readonly hasher: PasswordHasher = new ScryptPasswordHasher(),
  ) {
    if (pepper.length < MIN_PEPPER_LENGTH) {
      throw new Error(`ONCALL_PIN_PEPPER must be at least ${MIN_PEPPER_LENGTH} characters`);
    }
  }

  /** Throws RangeError unless the PIN is 4 to 8 digits. */
  hash(pin: string): Promise<string> {
    if (!isValidPin(pin)) throw new RangeError('a PIN is 4 to 8 digits');
    return this.hasher.hash(this.peppered(pin));
  }

  /** False for anything that is not a well-formed PIN, without spending a hash on it. */
  async verify(pin: string, stored: string): Promise<boolean> {
    if (!isValidPin(pin)) return false;
    return this.hasher.verify(this.peppered(pin), stored);
  }

  private peppered(pin: string): string {
    return createHmac('sha256', this.pepper).update(pin).digest('base64');
  }
}
