import { describe, expect, it } from 'vitest';
import { actorOf, auditAddress, auditName } from './actor';
import type { User } from './authenticated-user';

describe('actorOf', () => {
  it('gives an admin every scope and keeps the client address', () => {
    const admin = { id: 1, username: 'admin', displayName: 'Ada', role: 'admin', extension: null, monitorModes: [], scope: { extensions: [], queues: [] } } as unknown as User;
    expect(actorOf(admin, '10.0.0.5')).toMatchObject({ id: 1, role: 'admin', scope: { all: true }, ip: '10.0.0.5' });
  });
});

describe('audit names', () => {
  it('names a person user:<id> with their address, and OnDeck itself by its job without one', () => {
    expect(auditName({ id: 3 })).toBe('user:3');
    expect(auditAddress({ ip: '192.0.2.1' })).toBe('192.0.2.1');
    expect(auditName({ system: 'demo-seed' })).toBe('demo-seed');
    expect(auditAddress({ system: 'demo-seed' })).toBeNull();
  });
});
