import { describe, expect, it } from 'vitest';
import { effectiveScope, scopeIncludesExtension, scopeIncludesQueue, visibleScope } from './scope';

describe('effectiveScope', () => {
  it('gives admins everything', () => {
    const scope = effectiveScope({ role: 'admin', extension: null, scope: { extensions: [], queues: [] } });
    expect(scopeIncludesExtension(scope, '9999')).toBe(true);
    expect(scopeIncludesQueue(scope, 'any')).toBe(true);
  });

  it('always includes an agent\'s own extension, even when the stored scope omits it', () => {
    const user = { role: 'agent' as const, extension: '1002', scope: { extensions: [], queues: ['sales'] } };
    const scope = effectiveScope(user);
    expect(scopeIncludesExtension(scope, '1002')).toBe(true);
    expect(scopeIncludesExtension(scope, '1003')).toBe(false);
    expect(scopeIncludesQueue(scope, 'sales')).toBe(true);
    expect(scopeIncludesQueue(scope, 'support')).toBe(false);
    expect(visibleScope(user)).toEqual({ extensions: ['1002'], queues: ['sales'] });
  });

  it('limits a supervisor to the stored scope plus own extension', () => {
    const scope = effectiveScope({ role: 'supervisor', extension: '1001', scope: { extensions: ['1005'], queues: [] } });
    expect(scopeIncludesExtension(scope, '1001')).toBe(true);
    expect(scopeIncludesExtension(scope, '1005')).toBe(true);
    expect(scopeIncludesExtension(scope, '1006')).toBe(false);
  });
});
