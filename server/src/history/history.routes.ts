import { createReadStream } from 'node:fs';
import type { RecordingLink } from '@ondeck/shared';
import { contractRoute, type Download } from '../http/contract-route';
import { currentActor, type ApiContext } from '../http/route';
import { actorOf } from '../lib/actor';
import { AppError } from '../lib/app-error';
import type { Clock } from '../lib/clock';
import type { Logger } from '../logging';
import type { UsersRepository } from '../users';
import { parseCallLogFilters, parseCallLogQuery } from './call-log/call-log-query';
import { historyScope, type CallLogService } from './call-log/call-log.service';
import type { QualityLookup } from './quality/quality-lookup';
import { parseRange } from './recordings/byte-range';
import { signRecordingLink, verifyRecordingLink } from './recordings/signed-link';
import { reportCsv } from './reports/report-csv';
import { parseReportQuery } from './reports/report-query';
import type { ReportsService } from './reports/reports.service';

/** Links live five minutes: long enough to play a long call, short enough that a copied URL soon stops working. */
const LINK_LIFETIME_MS = 5 * 60_000;

export interface HistoryRouteDeps {
  callLog: CallLogService;
  reports: ReportsService;
  quality: QualityLookup;
  users: Pick<UsersRepository, 'findById'>;
  linkKey: Buffer;
  timeZone: string;
  clock: Clock;
  logger: Logger;
}

const query = (ctx: ApiContext): Record<string, unknown> => ctx.query;
const param = (ctx: ApiContext, name: string): string => String(ctx.params[name] ?? '');

/** The CDR database being unreachable is the PBX side's problem, said in words, not a 500. */
async function readingCdr<T>(logger: Logger, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && (/^ER_/.test(code) || /^E[A-Z]+$/.test(code) || code === 'PROTOCOL_CONNECTION_LOST')) {
      logger.error({ err: error instanceof Error ? error.message : String(error), code }, 'cannot read the CDR database');
      throw new AppError('pbx_unavailable', "The call log cannot read the PBX's call records right now. Try again; if it keeps failing, tell an administrator.");
    }
    throw error;
  }
}

export function historyRoutes(deps: HistoryRouteDeps) {
  const now = (): Date => new Date(deps.clock.now());
  const notFound = (): AppError => new AppError('not_found', 'There is no such recording in your call log.');

  return [
    contractRoute('history.calls', 'authenticated', async (ctx) => {
      const actor = currentActor(ctx);
      const parsed = parseCallLogQuery(query(ctx), now(), deps.timeZone);
      return readingCdr(deps.logger, () => deps.callLog.page(parsed, historyScope(actor)));
    }),
    contractRoute('history.callsCsv', 'authenticated', async (ctx) => {
      const actor = currentActor(ctx);
      const filters = parseCallLogFilters(query(ctx), now(), deps.timeZone);
      await readingCdr(deps.logger, () => deps.callLog.checkReadable());
      deps.logger.info({ user: actor.username, from: filters.from, to: filters.to }, 'call log export started');
      const day = (date: Date): string => date.toISOString().slice(0, 10);
      return { filename: `calls-${day(filters.from)}-to-${day(filters.to)}.csv`, contentType: 'text/csv; charset=utf-8', body: deps.callLog.exportCsv(filters, historyScope(actor)) };
    }),
    contractRoute('history.call', 'authenticated', async (ctx) => {
      const actor = currentActor(ctx);
      return readingCdr(deps.logger, () => deps.callLog.call(param(ctx, 'linkedid'), historyScope(actor)));
    }),
    contractRoute('history.quality', 'authenticated', async (ctx) => {
      const actor = currentActor(ctx);
      const linkedid = param(ctx, 'linkedid');
      // The scope check is the call's: quality of a call one may not see is as hidden as the call.
      await readingCdr(deps.logger, () => deps.callLog.assertVisible(linkedid, historyScope(actor)));
      return deps.quality.detailFor(linkedid);
    }),
    contractRoute('history.recordingLink', 'authenticated', async (ctx): Promise<RecordingLink> => {
      const actor = currentActor(ctx);
      const linkedid = param(ctx, 'linkedid');
      const index = Number(param(ctx, 'index'));
      const recordings = await readingCdr(deps.logger, () => deps.callLog.recordingsOf(linkedid, historyScope(actor)));
      const recording = Number.isInteger(index) ? recordings[index] : undefined;
      if (!recording) throw notFound();
      if (!recording.ref.available) throw new AppError('not_found', 'Recording not found: the file is not on the PBX any more.');
      const expiresAt = deps.clock.now() + LINK_LIFETIME_MS;
      const signature = signRecordingLink({ callId: linkedid, file: recording.ref.name, userId: actor.id, expiresAt }, deps.linkKey);
      const search = new URLSearchParams({ u: String(actor.id), e: String(expiresAt), s: signature });
      return {
        url: `/api/history/recordings/${encodeURIComponent(linkedid)}/${encodeURIComponent(recording.ref.name)}?${search.toString()}`,
        expiresAt: new Date(expiresAt).toISOString(),
        contentType: recording.contentType,
        playable: recording.ref.playable,
      };
    }),
    contractRoute('history.recording', 'public', async (ctx): Promise<Download> => {
      const linkedid = param(ctx, 'linkedid');
      const file = param(ctx, 'file');
      const q = query(ctx);
      const userId = Number(q.u);
      const expiresAt = Number(q.e);
      const signature = typeof q.s === 'string' ? q.s : '';
      // Every failure is the same 404: a link does not tell whether a call or file exists.
      if (!Number.isInteger(userId) || !Number.isFinite(expiresAt) || signature === '') throw notFound();
      const check = verifyRecordingLink({ callId: linkedid, file, userId, expiresAt, signature }, deps.linkKey, deps.clock);
      if (!check.valid) {
        deps.logger.warn({ linkedid, reason: check.reason }, 'recording link refused');
        if (check.reason === 'expired') throw new AppError('not_found', 'This recording link has expired. Press play again for a fresh one.');
        throw notFound();
      }
      // The link's user is checked again now: disabled, deleted or re-scoped since, and it stops working.
      const user = await deps.users.findById(userId);
      if (!user || user.disabled) throw notFound();
      const recordings = await readingCdr(deps.logger, () => deps.callLog.recordingsOf(linkedid, historyScope(actorOf(user, ctx.ip))));
      const recording = recordings.find((candidate) => candidate.ref.name === file);
      if (!recording?.path) throw notFound();
      const range = parseRange(ctx.get('Range') || undefined, recording.size);
      const common = { filename: recording.ref.name, contentType: recording.contentType, disposition: q.download === '1' ? ('attachment' as const) : ('inline' as const) };
      const headers = { 'Accept-Ranges': 'bytes', 'Cache-Control': 'private, no-store' };
      if (range.kind === 'unsatisfiable') {
        return { ...common, status: 416, body: '', headers: { ...headers, 'Content-Range': `bytes */${recording.size}` } };
      }
      if (range.kind === 'partial') {
        return {
          ...common,
          status: 206,
          body: createReadStream(recording.path, { start: range.start, end: range.end }),
          headers: { ...headers, 'Content-Range': `bytes ${range.start}-${range.end}/${recording.size}`, 'Content-Length': String(range.end - range.start + 1) },
        };
      }
      return { ...common, body: createReadStream(recording.path), headers: { ...headers, 'Content-Length': String(recording.size) } };
    }),
    contractRoute('reports.get', ['admin', 'supervisor'], async (ctx) => {
      const actor = currentActor(ctx);
      const parsed = parseReportQuery(param(ctx, 'report'), query(ctx), now(), deps.timeZone);
      return readingCdr(deps.logger, () => deps.reports.report(parsed, actor.scope));
    }),
    contractRoute('reports.csv', ['admin', 'supervisor'], async (ctx) => {
      const actor = currentActor(ctx);
      const parsed = parseReportQuery(param(ctx, 'report'), query(ctx), now(), deps.timeZone);
      const data = await readingCdr(deps.logger, () => deps.reports.report(parsed, actor.scope));
      return { filename: `${parsed.report}-${parsed.from.toISOString().slice(0, 10)}.csv`, contentType: 'text/csv; charset=utf-8', body: reportCsv(data) };
    }),
  ];
}
