import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../server/test/harness';
import type { CdrRow } from '../../server/src/history/cdr-row';
import { CDR_COLUMNS, CDR_TABLE_SQL, cdrRowValues } from '../../server/simulator/cdr-writer';
import { CLIENT_DIST } from './support/build-client';
import { launchChromium, type LaunchedBrowser } from './support/chromium';
import { demoLogin, loginAs, openPage, screenshot, type ColorScheme, type ViewportName } from './support/app';

/**
 * The call log and the reports in a real browser, on a CDR table shaped like FreePBX's and a
 * recordings folder laid out like its monitor folder (YYYY/MM/DD). The rows are written here,
 * not by the simulator, so every outcome, recording state and quality case is there on purpose:
 *
 * - SUPPORT: inbound on DID +493012345 through queue support (ringall: 1001 and 1002 ring 12 s,
 *   1002 answers) and 1002 transfers to 1005; a playable PCM recording and stored call quality;
 * - GSM: 1003 → 1001 answered, recorded as wav49 (.WAV): download only;
 * - MISSING: 1001 → 1002 answered, its recording file is not on disk;
 * - BUSY: 1003 → 1004 busy; ABANDONED: inbound, queue support, nobody answered;
 * - 56 short filler calls 1001 → 1003, so the first page (50) has a next one;
 * - two calls yesterday, outside the default range (today).
 */
const SUP = demoLogin('sup');
const AGENT = demoLogin('agent');
const ADMIN = demoLogin('admin');

const SUPPORT = 'e2e-support.1';
const GSM = 'e2e-gsm.1';
const MISSING = 'e2e-missing.1';
const BUSY = 'e2e-busy.1';
const ABANDONED = 'e2e-abandoned.1';
const FILLERS = 56;
const TODAY_CALLS = 5 + FILLERS;

let server: TestServer;
let launched: LaunchedBrowser;
let browser: Browser;
let recordingsDir: string;

const pad = (n: number): string => String(n).padStart(2, '0');
const wallClock = (date: Date): string =>
  `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}-${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;

/** A 10 s 440 Hz tone as 8 kHz 16-bit mono PCM WAV: what FreePBX records as `.wav`. */
function pcmWav(seconds: number): Buffer {
  const rate = 8000;
  const samples = rate * seconds;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 8000), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

let sequence = 0;
function leg(linkedid: string, calldate: Date, fields: Partial<CdrRow>): CdrRow {
  return {
    calldate,
    clid: '',
    src: '',
    dst: '',
    dcontext: 'from-internal',
    channel: '',
    dstchannel: '',
    lastapp: 'Dial',
    lastdata: '',
    duration: 0,
    billsec: 0,
    disposition: 'ANSWERED',
    amaflags: 3,
    accountcode: '',
    // The caller's channel: a call's first leg has uniqueid = linkedid, which is how the log finds calls.
    uniqueid: linkedid,
    userfield: '',
    did: '',
    recordingfile: '',
    cnum: '',
    cnam: '',
    outbound_cnum: '',
    outbound_cnam: '',
    dst_cnam: '',
    linkedid,
    peeraccount: '',
    sequence: sequence++,
    ...fields,
  };
}

const internalCall = (linkedid: string, at: Date, from: string, to: string, fields: Partial<CdrRow> = {}): CdrRow =>
  leg(linkedid, at, {
    clid: `"Ext ${from}" <${from}>`,
    src: from,
    dst: to,
    cnum: from,
    cnam: `Ext ${from}`,
    channel: `PJSIP/${from}-${pad(sequence)}a`,
    dstchannel: `PJSIP/${to}-${pad(sequence)}b`,
    lastdata: `PJSIP/${to},,tT`,
    duration: 40,
    billsec: 35,
    ...fields,
  });

function seedRows(now: Date): { rows: CdrRow[]; files: Array<{ at: Date; name: string; body: Buffer }> } {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  // Today's calls fit between midnight and a minute ago (UTC is the test server's zone), whenever this runs.
  const first = Math.max(midnight + 30_000, now.getTime() - 3 * 3600_000);
  const step = (now.getTime() - 60_000 - first) / TODAY_CALLS;
  const at = (index: number): Date => new Date(Math.floor((first + index * step) / 1000) * 1000);
  const rows: CdrRow[] = [];
  const files: Array<{ at: Date; name: string; body: Buffer }> = [];

  const supportAt = at(TODAY_CALLS - 1);
  const supportFile = `q-support-+4930111222-${wallClock(supportAt)}-${SUPPORT}.wav`;
  const trunk = 'PJSIP/carrier-00000001';
  const caller = { clid: '"Berlin Office" <+4930111222>', src: '+4930111222', cnum: '+4930111222', cnam: 'Berlin Office', dcontext: 'from-trunk', did: '+493012345', dst: '400' };
  rows.push(
    leg(SUPPORT, supportAt, { ...caller, channel: trunk, dstchannel: 'PJSIP/1001-00000002', lastapp: 'Queue', lastdata: 'support,t,,,300', duration: 12, billsec: 0, disposition: 'NO ANSWER' }),
    // A ringall round as Asterisk records it: both members' rows start together; the answered one's
    // billsec runs from the caller's Answer(), so it holds the 12 s of ringing as well as the talk.
    leg(SUPPORT, supportAt, { ...caller, channel: trunk, dstchannel: 'PJSIP/1002-00000003', lastapp: 'Queue', lastdata: 'support,t,,,300', duration: 77, billsec: 77, recordingfile: supportFile }),
    leg(SUPPORT, new Date(supportAt.getTime() + 77_000), { ...caller, uniqueid: `${SUPPORT}-1002`, channel: 'PJSIP/1002-00000003', dstchannel: 'PJSIP/1005-00000004', lastdata: 'PJSIP/1005', duration: 32, billsec: 30 }),
  );
  files.push({ at: supportAt, name: supportFile, body: pcmWav(10) });

  const gsmAt = at(TODAY_CALLS - 2);
  const gsmFile = `internal-1001-1003-${wallClock(gsmAt)}-${GSM}.WAV`;
  rows.push(internalCall(GSM, gsmAt, '1003', '1001', { recordingfile: gsmFile }));
  files.push({ at: gsmAt, name: gsmFile, body: Buffer.from('RIFF-not-really-gsm') });

  rows.push(internalCall(MISSING, at(TODAY_CALLS - 3), '1001', '1002', { recordingfile: `internal-1002-1001-${wallClock(at(TODAY_CALLS - 3))}-${MISSING}.wav` }));
  rows.push(internalCall(BUSY, at(TODAY_CALLS - 4), '1003', '1004', { duration: 2, billsec: 0, disposition: 'BUSY' }));
  rows.push(
    leg(ABANDONED, at(TODAY_CALLS - 5), { ...caller, clid: '"" <+4940999>', src: '+4940999', cnum: '+4940999', cnam: '', channel: 'PJSIP/carrier-00000009', dstchannel: 'PJSIP/1001-0000000a', lastapp: 'Queue', lastdata: 'support,t,,,300', duration: 45, billsec: 0, disposition: 'NO ANSWER' }),
  );
  for (let i = 0; i < FILLERS; i++) {
    rows.push(internalCall(`e2e-filler-${i}.1`, at(i), '1001', '1003', { duration: 10 + (i % 7), billsec: i % 5 === 0 ? 0 : 6, disposition: i % 5 === 0 ? 'NO ANSWER' : 'ANSWERED' }));
  }
  const yesterday = new Date(midnight - 6 * 3600_000);
  rows.push(internalCall('e2e-yesterday-1.1', yesterday, '1001', '1002'), internalCall('e2e-yesterday-2.1', new Date(yesterday.getTime() + 60_000), '1002', '1001'));
  return { rows, files };
}

async function seed(): Promise<void> {
  const { rows, files } = seedRows(new Date());
  for (const file of files) {
    const folder = join(recordingsDir, String(file.at.getUTCFullYear()), pad(file.at.getUTCMonth() + 1), pad(file.at.getUTCDate()));
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, file.name), file.body);
  }
  const connection = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', timezone: 'Z', multipleStatements: false });
  try {
    const cdrName = server.config.history.cdr.name;
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${cdrName}\``);
    await connection.query(`USE \`${cdrName}\``);
    await connection.query(CDR_TABLE_SQL);
    const insert = `INSERT INTO cdr (${CDR_COLUMNS.join(', ')}) VALUES (${CDR_COLUMNS.map(() => '?').join(', ')})`;
    for (const row of rows) await connection.execute(insert, cdrRowValues(row));
    // Call quality the way the quality domain stores it at hangup: one fair direction decides the grade.
    await connection.query(`USE \`${server.dbName}\``);
    const started = rows[0]?.calldate ?? new Date();
    for (const [channel, direction, mos, jitter, loss] of [
      ['PJSIP/1002-00000003', 'sent', 4.3, 4, 0],
      ['PJSIP/1002-00000003', 'received', 3.6, 38, 2.5],
    ] as const) {
      await connection.execute(
        `INSERT INTO call_quality_legs (linkedid, channel, direction, uniqueid, codec, clock_rate, reports, mos_avg, mos_worst, jitter_ms_avg, jitter_ms_worst, loss_pct_avg, loss_pct_worst, rtt_ms_avg, rtt_ms_worst, started_at, ended_at)
         VALUES (?, ?, ?, ?, 'ulaw', 8000, 6, ?, ?, ?, ?, ?, ?, 40, 62, ?, ?)`,
        [SUPPORT, channel, direction, `${SUPPORT}-q`, mos, mos - 0.2, jitter, jitter * 1.5, loss, loss * 2, started, new Date(started.getTime() + 60_000)],
      );
    }
  } finally {
    await connection.end();
  }
}

beforeAll(async () => {
  recordingsDir = mkdtempSync(join(tmpdir(), 'ondeck-e2e-recordings-'));
  server = await startTestServer({ demo: true, domains: true, clientDist: CLIENT_DIST, recordingsDir });
  await seed();
  launched = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
  browser = launched.browser;
});

afterAll(async () => {
  await launched?.close();
  await server?.stop();
  if (recordingsDir) rmSync(recordingsDir, { recursive: true, force: true });
});

const callRow = (page: Page, linkedid: string) => page.locator(`tbody[data-call="${linkedid}"]`);

async function openLog(page: Page, account: { login: string; password: string }, path = '/history'): Promise<void> {
  await loginAs(page, server.url, account.login, account.password);
  await page.goto(`${server.url}${path}`);
  await page.getByRole('heading', { name: 'Call log' }).waitFor();
}

describe('call log', () => {
  it('lists today’s calls in pages and filters them through the address bar, back and forward included', async () => {
    const { context, page } = await openPage(browser);
    await openLog(page, SUP);
    const rows = page.locator('tbody[data-call]');
    await page.getByText('50 calls shown').waitFor();
    expect(await rows.count()).toBe(50);
    // Newest first: the queue call is the last one made.
    expect(await rows.first().getAttribute('data-call')).toBe(SUPPORT);
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByText(`${TODAY_CALLS} calls`, { exact: true }).waitFor();
    expect(await rows.count()).toBe(TODAY_CALLS);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    await page.getByLabel('Outcome').selectOption('busy');
    await page.waitForURL(/outcome=busy/);
    await page.getByText('1 call', { exact: true }).waitFor();
    expect(await rows.getAttribute('data-call')).toBe(BUSY);

    await page.goBack();
    await page.getByText('50 calls shown').waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect(await page.getByLabel('Outcome').inputValue()).toBe('');
    await page.goForward();
    await page.getByText('1 call', { exact: true }).waitFor();
    expect(await page.getByLabel('Outcome').inputValue()).toBe('busy');

    // A number prefix, typed and applied with Enter; the address carries it for a bookmark.
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByText('50 calls shown').waitFor();
    // The caller's number, not the DID (+493012345) the abandoned call came in on too.
    await page.getByLabel('Number', { exact: true }).fill('+4930111');
    await page.getByLabel('Starts with').check();
    await page.getByLabel('Number', { exact: true }).press('Enter');
    await page.waitForURL(/number=%2B4930111.*match=prefix|match=prefix.*number=%2B4930111/);
    await page.getByText('1 call', { exact: true }).waitFor();
    expect(await rows.getAttribute('data-call')).toBe(SUPPORT);

    const bookmarked = page.url();
    const second = await context.newPage();
    await second.goto(bookmarked);
    await second.getByText('1 call', { exact: true }).waitFor();
    expect(await second.getByLabel('Number', { exact: true }).inputValue()).toBe('+4930111');
    await second.close();

    await page.goto(`${server.url}/history?range=yesterday`);
    await page.getByText('2 calls', { exact: true }).waitFor();
    await context.close();
  });

  it('shows the server’s word on a bad range beside the field', async () => {
    const { context, page } = await openPage(browser);
    await openLog(page, SUP);
    await page.getByLabel('Date range').selectOption('custom');
    await page.getByLabel('From', { exact: true }).fill('2026-12-07');
    await page.getByLabel('To', { exact: true }).fill('2026-12-01');
    await page.getByRole('button', { name: 'Apply' }).click();
    const error = page.locator('#history-to-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/after/i);
    expect(await page.getByLabel('To', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    // A value the address bar cannot carry is named before anything is sent.
    await page.getByLabel('Minimum duration (s)').fill('ten');
    await page.getByRole('button', { name: 'Apply' }).click();
    expect(await page.locator('#history-min-duration-error').textContent()).toContain('whole number of seconds');
    await context.close();
  });

  it('opens a call with Enter into its timeline, quality and recordings, and plays and seeks the recording', async () => {
    const { context, page } = await openPage(browser);
    await openLog(page, SUP);
    const support = callRow(page, SUPPORT);
    await support.locator('button.expand').focus();
    await page.keyboard.press('Enter');
    expect(await support.locator('button.expand').getAttribute('aria-expanded')).toBe('true');
    const timeline = support.getByRole('region', { name: `Timeline of call ${SUPPORT}` });
    await timeline.waitFor();
    const steps = await timeline.locator('li').allTextContents();
    expect(steps.map((step) => step.replace(/^\s*[\d:.\sAPM]+/, '').trim())).toEqual([
      'rang 1001 for 12 s, no answer',
      'rang 1002 for 12 s, answered by 1002, talked 1 min 05 s',
      'rang 1005 for 2 s, transferred to 1005, talked 30 s',
    ]);
    expect(await support.getByRole('cell', { name: 'Abandoned in queue' }).count()).toBe(0);
    expect(await support.locator('td[data-label="Outcome"]').first().textContent()).toContain('Answered');
    expect(await support.locator('td[data-label="To / DID"]').first().textContent()).toBe('DID +493012345');

    const quality = support.getByRole('region', { name: `Call quality of call ${SUPPORT}` });
    await quality.getByText('Received (we heard)').waitFor();
    expect(await quality.locator('tbody tr').count()).toBe(2);
    expect(await support.locator('td[data-label="Quality"]').first().textContent()).toMatch(/Fair|Poor|Good/);

    const linkAsked = page.waitForResponse((response) => /\/recordings\/0\/link$/.test(new URL(response.url()).pathname));
    await support.getByRole('button', { name: /^Play recording/ }).click();
    expect((await linkAsked).status()).toBe(200);
    const pause = support.getByRole('button', { name: /^Pause recording/ });
    await pause.waitFor();
    const seek = support.getByRole('slider', { name: /^Position in recording/ });
    await page.waitForFunction((selector) => Number(document.querySelector<HTMLInputElement>(selector)?.max) > 9, `tbody[data-call="${SUPPORT}"] input.seek`);
    await seek.evaluate((input: HTMLInputElement) => {
      input.value = '7';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(Number(await seek.inputValue())).toBeGreaterThanOrEqual(7);
    expect(await support.locator('.time').textContent()).toMatch(/^0:0[7-9] \/ 0:10$/);
    await support.getByRole('button', { name: '2×' }).click();
    expect(await support.getByRole('button', { name: '2×' }).getAttribute('aria-pressed')).toBe('true');
    await pause.click();
    await support.getByRole('button', { name: /^Play recording/ }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), support.getByRole('button', { name: /^Download recording/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.wav$/);
    expect(readFileSync(await download.path()).subarray(0, 4).toString()).toBe('RIFF');

    // wav49 is download only; a file gone from disk says so in its row.
    const gsm = callRow(page, GSM);
    await gsm.locator('button.expand').click();
    await gsm.getByText('Plays only after download (GSM)').waitFor();
    expect(await gsm.getByRole('button', { name: /^Play/ }).count()).toBe(0);
    expect(await callRow(page, MISSING).locator('td[data-label="Recording"]').textContent()).toBe('Recording not found');
    await context.close();
  });

  it('exports the filtered log as CSV with the rows counted on the page', async () => {
    const { context, page } = await openPage(browser);
    await openLog(page, SUP, '/history?outcome=answered');
    await page.locator('tbody[data-call]').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const saved = page.getByRole('status').filter({ hasText: /^Saved \d+ rows\.$/ });
    await saved.waitFor();
    const rows = Number(/Saved (\d+) rows/.exec((await saved.textContent()) ?? '')?.[1]);
    const lines = readFileSync(await download.path(), 'utf8').split(/\r?\n/).filter((line) => line !== '');
    expect(lines.length - 1).toBe(rows);
    expect(rows).toBeGreaterThan(40);
    await context.close();
  });

  it('scopes an agent to their own calls and hides Reports from them', async () => {
    const { context, page } = await openPage(browser);
    await openLog(page, AGENT);
    await page.getByText('2 calls', { exact: true }).waitFor();
    expect((await page.locator('tbody[data-call]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-call')))).sort()).toEqual([SUPPORT, MISSING].sort());
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).count()).toBe(0);
    await page.goto(`${server.url}/reports`);
    await page.waitForURL(/\/extensions$/);
    await context.close();
  });

  it('links an ended call from the live Calls view to its log entry', async () => {
    const { context, page } = await openPage(browser);
    await loginAs(page, server.url, SUP.login, SUP.password);
    await page.goto(`${server.url}/calls?call=${SUPPORT}`);
    await page.getByRole('link', { name: 'Open it in the call log' }).click();
    await page.waitForURL(new RegExp(`/history\\?call=${SUPPORT.replace('.', '\\.')}$`));
    const linked = page.getByRole('region', { name: `Call ${SUPPORT}` });
    await linked.getByRole('region', { name: `Timeline of call ${SUPPORT}` }).waitFor();
    await linked.getByRole('button', { name: 'Close this call' }).click();
    await page.waitForURL(/\/history$/);
    await context.close();
  });
});

describe('reports', () => {
  it('shows volume, queues, agents and the heatmap, with a CSV of each table', async () => {
    const { context, page } = await openPage(browser);
    await loginAs(page, server.url, SUP.login, SUP.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    const volume = page.locator('[data-report="volume"]');
    await volume.locator('canvas').waitFor();
    expect(await volume.getByText(/\d+ answered · \d+ missed/).textContent()).toMatch(/^\d+ answered · \d+ missed$/);
    const queues = page.locator('[data-report="queues"]');
    await queues.getByRole('rowheader', { name: 'support' }).waitFor();
    const agents = page.locator('[data-report="agents"]');
    await agents.getByRole('rowheader', { name: /^1002/ }).waitFor();
    const heatmap = page.locator('[data-report="heatmap"]');
    await heatmap.getByRole('table', { name: 'Calls per weekday and hour' }).waitFor();
    expect(await heatmap.locator('[role="cell"]').count()).toBe(7 * 24);
    // Today is the default range: yesterday's two calls are not in it.
    expect(await heatmap.getByText(`${TODAY_CALLS} calls`, { exact: true }).count()).toBe(1);

    const [download] = await Promise.all([page.waitForEvent('download'), queues.getByRole('button', { name: 'Download Queues as CSV' }).click()]);
    expect(readFileSync(await download.path(), 'utf8')).toContain('support');

    await page.getByLabel('Date range').selectOption('yesterday');
    await page.waitForURL(/range=yesterday/);
    await heatmap.getByText('2 calls', { exact: true }).waitFor();
    await context.close();
  });
});

describe.each([
  ['desktop', 'light'],
  ['desktop', 'dark'],
  ['phone', 'light'],
  ['phone', 'dark'],
] as [ViewportName, ColorScheme][])('screens at %s size, %s theme', (viewport, colorScheme) => {
  it('call log with a call opened, and reports', async () => {
    const { context, page } = await openPage(browser, { viewport, colorScheme });
    await openLog(page, ADMIN);
    await page.getByText('50 calls shown').waitFor();
    await callRow(page, SUPPORT).locator('button.expand').click();
    await callRow(page, SUPPORT).getByText('Received (we heard)').waitFor();
    await screenshot(page, `history-${viewport}-${colorScheme}`);
    if (viewport === 'phone') {
      await callRow(page, SUPPORT).getByRole('region', { name: `Timeline of call ${SUPPORT}` }).scrollIntoViewIfNeeded();
      await screenshot(page, `history-${viewport}-${colorScheme}-opened`);
      // The filters fold behind a button on a phone; it opens them in place.
      await page.getByRole('button', { name: /^Filters/ }).click();
      await page.getByLabel('Outcome').waitFor();
      await page.getByRole('heading', { name: 'Call log' }).scrollIntoViewIfNeeded();
      await screenshot(page, `history-${viewport}-${colorScheme}-filters`);
    }
    await page.goto(`${server.url}/reports`);
    await page.locator('[data-report="volume"] canvas').waitFor();
    await page.locator('[data-report="heatmap"] [role="cell"]').first().waitFor();
    await screenshot(page, `reports-${viewport}-${colorScheme}`);
    if (viewport === 'desktop') {
      await page.locator('[data-report="heatmap"]').scrollIntoViewIfNeeded();
      await screenshot(page, `reports-${viewport}-${colorScheme}-heatmap`);
    }
    await context.close();
  });
});
