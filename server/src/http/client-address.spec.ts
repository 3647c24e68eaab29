import { describe, expect, it } from 'vitest';
import Koa from 'koa';
import { clientAddress, koaProxyOptions } from './client-address';

/** What Koa makes of the same request, so REST and sockets provably agree. */
function koaIp(proxyHops: number, forwardedFor: string | undefined): string {
  const app = new Koa(koaProxyOptions(proxyHops));
  const req = { headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }, socket: { remoteAddress: '10.9.9.9' } };
  // createContext needs only what it reads here: headers and the socket address.
  const ctx = app.createContext(req as never, {} as never);
  return ctx.ip;
}

describe('clientAddress', () => {
  it('ignores X-Forwarded-For without a trusted proxy', () => {
    expect(clientAddress('10.9.9.9', '1.2.3.4', 0)).toBe('10.9.9.9');
    expect(koaIp(0, '1.2.3.4')).toBe('10.9.9.9');
  });

  it('takes the entry the one proxy appended, not the leftmost one the client wrote', () => {
    expect(clientAddress('10.9.9.9', 'forged-by-client, 203.0.113.7', 1)).toBe('203.0.113.7');
    expect(koaIp(1, 'forged-by-client, 203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts back exactly the configured number of hops', () => {
    const header = '6.6.6.6, 203.0.113.7, 10.0.0.2';
    expect(clientAddress('10.9.9.9', header, 2)).toBe('203.0.113.7');
    expect(koaIp(2, header)).toBe('203.0.113.7');
    expect(clientAddress('10.9.9.9', ['6.6.6.6', '203.0.113.7, 10.0.0.2'], 2)).toBe('203.0.113.7');
  });

  it('falls back to the socket address when the proxy sent no header', () => {
    expect(clientAddress('10.9.9.9', undefined, 1)).toBe('10.9.9.9');
    expect(clientAddress('10.9.9.9', ' , ', 1)).toBe('10.9.9.9');
    expect(koaIp(1, undefined)).toBe('10.9.9.9');
  });
});
