import { describe, expect, it } from 'vitest';
import { parseStoredHash, ScryptPasswordHasher } from './password-hasher';

const hasher = new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });

describe('ScryptPasswordHasher', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hasher.hash('correct horse');
    expect(await hasher.verify('correct horse', stored)).toBe(true);
    expect(await hasher.verify('correct horsE', stored)).toBe(false);
    expect(await hasher.verify('', stored)).toBe(false);
  });

  it('salts every hash and stores its parameters', async () => {
    const a = await hasher.hash('same');
    const b = await hasher.hash('same');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  });

  it('verifies hashes made with other parameters (cost can be raised later)', async () => {
    const stronger = new ScryptPasswordHasher({ N: 2 ** 11, r: 8, p: 1 });
    expect(await hasher.verify('pw-12345', await stronger.hash('pw-12345'))).toBe(true);
  });

  it('refuses malformed or tampered stored strings instead of throwing', async () => {
    const stored = await hasher.hash('pw-12345');
    expect(await hasher.verify('pw-12345', 'plaintext')).toBe(false);
    expect(await hasher.verify('pw-12345', stored.replace('$1024$', '$1000$'))).toBe(false);
    expect(await hasher.verify('pw-12345', stored.replace(/\$[^$]+$/, '$AAAA'))).toBe(false);
    expect(parseStoredHash('scrypt$1024$8$1$$')).toBeNull();
  });

  it('runs a dummy check for unknown users without failing', async () => {
    await expect(hasher.verifyDummy('anything')).resolves.toBeUndefined();
  });
});
