import { describe, expect, it } from 'vitest';
import { startupBanner } from './account-seed';

describe('startupBanner for the demo', () => {
  it('says the demo is on this machine only and how to open it up', () => {
    const banner = startupBanner('http://127.0.0.1:8080', true, [], '127.0.0.1') ?? '';
    expect(banner).toContain('Listening on 127.0.0.1 only');
    expect(banner).toContain('./start.sh --demo --listen 0.0.0.0');
  });

  it('warns when the demo listens on every interface with its published passwords', () => {
    const banner = startupBanner('http://localhost:8080', true, [], '0.0.0.0') ?? '';
    expect(banner).toContain('anyone who can reach this port can sign in');
  });
});
