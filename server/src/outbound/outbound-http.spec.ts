import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRICT_OUTBOUND_POLICY } from './address-policy';
import { OutboundHttp, OutboundRefusedError, OutboundRequestError, type Resolver } from './outbound-http';

const LOOPBACK_ALLOWED = { allowPrivate: false, allowLoopback: true };

let server: Server;
let port: number;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(`${req.headers.host} ${req.url}`);
    if (req.url === '/to-metadata') res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data/' }).end();
    else if (req.url === '/to-decimal-loopback') res.writeHead(302, { Location: `http://2130706433:${port}/ok` }).end();
    else if (req.url === '/to-named') res.writeHead(301, { Location: `http://cal.example.test:${port}/ok` }).end();
    else if (req.url === '/loop') res.writeHead(302, { Location: '/loop' }).end();
    else if (req.url === '/big') {
      // No Content-Length: the cap must hold while streaming.
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      for (let i = 0; i < 64; i++) res.write('x'.repeat(1024));
      res.end();
    } else res.writeHead(200, { 'Content-Type': 'text/plain' }).end('hello');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A DNS that answers from a table, counting questions. */
function fakeDns(table: Record<string, string[]>): Resolver & { asked: string[] } {
  const asked: string[] = [];
  const resolver = async (hostname: string) => {
    asked.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolver, { asked });
}

const get = { method: 'GET' as const, timeoutMs: 5_000, maxBodyBytes: 1024 };

describe('OutboundHttp', () => {
  it.each([
    'http://127.0.0.1/',
    'http://2130706433/', // decimal
    'http://0x7f.0.0.1/', // hex
    'http://0177.0.0.1/', // octal
    'http://127.1/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fe80::1]/',
    'http://[fd00::1]/',
    'http://10.0.0.1/',
    'http://100.64.1.1/',
    'http://0.0.0.0/',
  ])('refuses %s by default, before connecting', async (url) => {
    await expect(new OutboundHttp(STRICT_OUTBOUND_POLICY, fakeDns({})).request(url, get)).rejects.toBeInstanceOf(OutboundRefusedError);
  });

  it('refuses a name that resolves to an internal address, or to any internal address among public ones', async () => {
    const dns = fakeDns({ 'metadata.example.test': ['169.254.169.254'], 'mixed.example.test': ['93.184.216.34', '10.0.0.5'], 'v6.example.test': ['::ffff:127.0.0.1'] });
    const http = new OutboundHttp(STRICT_OUTBOUND_POLICY, dns);
    for (const host of ['metadata.example.test', 'mixed.example.test', 'v6.example.test']) {
      await expect(http.request(`http://${host}/`, get)).rejects.toThrow('address not allowed');
    }
  });

  it('connects to the address it checked, asking DNS once per hop (no second answer can rebind)', async () => {
    const dns = fakeDns({ 'cal.example.test': ['127.0.0.1'] });
    const response = await new OutboundHttp(LOOPBACK_ALLOWED, dns).request(`http://cal.example.test:${port}/ok`, get);
    expect(response.status).toBe(200);
    expect(response.body?.toString()).toBe('hello');
    expect(dns.asked).toEqual(['cal.example.test']);
    expect(hits.at(-1)).toBe(`cal.example.test:${port} /ok`);
  });

  it('checks every redirect hop again', async () => {
    const http = new OutboundHttp(LOOPBACK_ALLOWED, fakeDns({ 'cal.example.test': ['127.0.0.1'] }));
    await expect(http.request(`http://127.0.0.1:${port}/to-metadata`, { ...get, maxRedirects: 5 })).rejects.toBeInstanceOf(OutboundRefusedError);
    const followed = await http.request(`http://127.0.0.1:${port}/to-named`, { ...get, maxRedirects: 5 });
    expect(followed).toMatchObject({ status: 200, url: `http://cal.example.test:${port}/ok` });
    const decimal = await http.request(`http://127.0.0.1:${port}/to-decimal-loopback`, { ...get, maxRedirects: 5 });
    expect(decimal.url).toBe(`http://127.0.0.1:${port}/ok`);
    // The same redirect to loopback is refused when loopback is not allowed, even from a public-looking first hop.
    const strict = new OutboundHttp(STRICT_OUTBOUND_POLICY, fakeDns({ 'public.example.test': ['93.184.216.34'] }));
    await expect(strict.request(`http://2130706433:${port}/ok`, get)).rejects.toBeInstanceOf(OutboundRefusedError);
  });

  it('bounds redirects and returns a 3xx untouched when none are allowed', async () => {
    const http = new OutboundHttp(LOOPBACK_ALLOWED);
    await expect(http.request(`http://127.0.0.1:${port}/loop`, { ...get, maxRedirects: 3 })).rejects.toThrow('more than 3 redirects');
    expect((await http.request(`http://127.0.0.1:${port}/to-metadata`, { method: 'POST', body: '{}', timeoutMs: 5_000 })).status).toBe(302);
  });

  it('stops reading a body past its cap, while streaming', async () => {
    const http = new OutboundHttp(LOOPBACK_ALLOWED);
    await expect(http.request(`http://127.0.0.1:${port}/big`, { ...get, maxBodyBytes: 10_000, tooLargeMessage: 'too big' })).rejects.toThrow(OutboundRequestError);
    expect((await http.request(`http://127.0.0.1:${port}/big`, { ...get, maxBodyBytes: 100_000 })).body?.length).toBe(64 * 1024);
  });

  it('refuses other schemes and bad URLs with a plain reason', async () => {
    const http = new OutboundHttp(LOOPBACK_ALLOWED);
    await expect(http.request('file:///etc/passwd', get)).rejects.toThrow('only http and https');
    await expect(http.request('not a url', get)).rejects.toThrow('not a valid URL');
  });
});
