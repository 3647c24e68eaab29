import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock } from '../../lib/clock';
import { OutboundHttp } from '../../outbound';
import { HttpCalendarFetcher } from './calendar-http.repository';
import { CalendarSource } from './calendar-source.service';
import { FakeAuditLog } from '../testing/fake-oncall';

const roster = readFileSync(new URL('./testing/ics/rotation-stockholm.ics', import.meta.url), 'utf8');
const members = [{ id: 1, name: 'Alice Andersson', email: null }];
/** The calendar server here runs on loopback, so these tests allow it explicitly. */
const loopbackAllowed = new OutboundHttp({ allowPrivate: false, allowLoopback: true });
const window = [new Date('2026-03-20T00:00:00Z'), new Date('2026-04-01T00:00:00Z')] as const;

/** A calendar server on loopback: serves the roster with an ETag, or fails as told. */
let mode: 'ok' | 'error' | 'html' = 'ok';
const conditionalRequests: (string | undefined)[] = [];
let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (mode === 'error') return void res.writeHead(500).end();
    if (mode === 'html') return void res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>Sign in</html>');
    conditionalRequests.push(req.headers['if-none-match']);
    if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
    res.writeHead(200, { 'Content-Type': 'text/calendar', ETag: '"v1"', 'Last-Modified': 'Sun, 01 Mar 2026 12:00:00 GMT' }).end(roster);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/roster.ics`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('CalendarSource', () => {
  it('downloads, then asks with If-None-Match; failures keep the last good schedule and alert', async () => {
    const audit = new FakeAuditLog();
    const source = new CalendarSource({
      divisionId: 4, divisionName: 'Night', url, fetcher: new HttpCalendarFetcher(5_000, loopbackAllowed), audit, clock: new OffsetClock(), logger: pino({ level: 'silent' }),
    });
    expect(await source.refresh()).toBe('updated');
    expect(source.shifts(members, ...window).length).toBe(2);
    expect(await source.refresh()).toBe('unchanged');
    expect(conditionalRequests).toEqual([undefined, '"v1"']);

    mode = 'error';
    expect(await source.refresh()).toBe('failed_kept_last_good');
    mode = 'html';
    expect(await source.refresh()).toBe('failed_kept_last_good');
    expect(source.shifts(members, ...window).length).toBe(2);
    expect(audit.events()).toEqual(['calendar_fetch_failed', 'calendar_fetch_failed']);
    expect(audit.rows[0]?.details).toMatchObject({ error: 'the calendar server answered HTTP 500', keptLastGood: true });
    mode = 'ok';
  });

  it('with nothing good yet a failure leaves an empty schedule (nobody → fallback)', async () => {
    mode = 'error';
    const source = new CalendarSource({
      divisionId: 5, divisionName: 'Day', url, fetcher: new HttpCalendarFetcher(5_000, loopbackAllowed), audit: new FakeAuditLog(), clock: new OffsetClock(), logger: pino({ level: 'silent' }),
    });
    expect(await source.refresh()).toBe('failed_no_schedule');
    expect(source.shifts(members, ...window)).toEqual([]);
    mode = 'ok';
  });

  it('accepts an uploaded .ics and refuses something else', () => {
    const source = new CalendarSource({
      divisionId: 6, divisionName: 'Up', url, fetcher: new HttpCalendarFetcher(5_000, loopbackAllowed), audit: new FakeAuditLog(), clock: new OffsetClock(), logger: pino({ level: 'silent' }),
    });
    expect(() => source.upload('hello')).toThrow(/not an iCalendar/);
    source.upload(roster);
    expect(source.shifts(members, ...window).map((shift) => shift.memberId)).toEqual([1, 1]);
  });
});
