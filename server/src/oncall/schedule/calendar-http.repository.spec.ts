import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundHttp } from '../../outbound';
import { HttpCalendarFetcher } from './calendar-http.repository';

/** The calendar servers here run on loopback, so these tests allow it explicitly. */
const loopbackAllowed = new OutboundHttp({ allowPrivate: false, allowLoopback: true });

let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/moved') return void res.writeHead(302, { Location: '/roster.ics' }).end();
    if (req.url === '/to-metadata') return void res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data/' }).end();
    if (req.url === '/to-private') return void res.writeHead(301, { Location: 'http://[::ffff:10.0.0.1]/cal.ics' }).end();
    if (req.url === '/endless') {
      // A calendar that never ends: only a streamed cap stops reading it.
      res.writeHead(200, { 'Content-Type': 'text/calendar' });
      const chunk = 'X'.repeat(64 * 1024);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', () => res.destroy());
      return void pump();
    }
    res.writeHead(200, { 'Content-Type': 'text/calendar', ETag: '"v1"' }).end('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('HttpCalendarFetcher', () => {
  it('refuses a calendar on loopback unless the admin allowed it', async () => {
    await expect(new HttpCalendarFetcher(5_000).fetch(`${base}/roster.ics`, null)).rejects.toThrow('address not allowed');
    await expect(new HttpCalendarFetcher(5_000, loopbackAllowed).fetch(`${base}/roster.ics`, null)).resolves.toMatchObject({ kind: 'downloaded' });
  });

  it('follows a redirect, but checks where each one leads', async () => {
    const fetcher = new HttpCalendarFetcher(5_000, loopbackAllowed);
    expect(await fetcher.fetch(`${base}/moved`, null)).toMatchObject({ kind: 'downloaded', validators: { etag: '"v1"' } });
    await expect(fetcher.fetch(`${base}/to-metadata`, null)).rejects.toThrow('address not allowed');
    await expect(fetcher.fetch(`${base}/to-private`, null)).rejects.toThrow('address not allowed');
  });

  it('stops reading at 5 MB instead of reading the whole body first', async () => {
    await expect(new HttpCalendarFetcher(15_000, loopbackAllowed).fetch(`${base}/endless`, null)).rejects.toThrow('the calendar is larger than 5 MB');
  });
});
