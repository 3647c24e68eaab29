import { currentActor, parseInput, route, type ApiContext, type RouteDefinition } from '../http';
import { auditName } from '../lib/actor';
import { toCsv } from './csv';
import type { OnCallAuditRepository } from './oncall-audit.repository';
import type { OnCallDirectoryService } from './oncall-directory.service';
import type { OnCallNotificationsRepository } from './oncall-notifications.repository';
import type { OnCallPanelService } from './oncall-panel.service';
import type { OnCallScheduleService } from './oncall-schedule.service';
import {
  auditQuerySchema,
  calendarQuerySchema,
  overrideParamSchema,
  overrideSchema,
  scheduleSchema,
  divisionParamSchema,
  divisionSchema,
  historyQuerySchema,
  idParamSchema,
  memberCreateSchema,
  memberUpdateSchema,
  notificationsQuerySchema,
  pinSchema,
  takeoverSchema,
} from './oncall.schemas';

export interface OnCallRouteDeps {
  panel: OnCallPanelService;
  directory: OnCallDirectoryService;
  audit: OnCallAuditRepository;
  notifications: OnCallNotificationsRepository;
  schedules: OnCallScheduleService;
}

const actorName = (ctx: ApiContext): string => auditName(currentActor(ctx));
const idOf = (ctx: ApiContext): number => parseInput(idParamSchema, ctx.params).id;
const divisionOf = (ctx: ApiContext): number => parseInput(divisionParamSchema, ctx.params).division;

const AUDIT_EXPORT_LIMIT = 10_000;

/** REST of the on-call domain: the board for everyone signed in, management for admins. */
export function onCallRoutes(deps: OnCallRouteDeps): RouteDefinition[] {
  const { panel, directory } = deps;
  return [
    route('GET', '/oncall', 'authenticated', async (ctx) => {
      ctx.body = await panel.board(currentActor(ctx));
    }),
    route('DELETE', '/oncall/lockouts/:id', ['admin'], async (ctx) => {
      await panel.clearLockout(idOf(ctx), currentActor(ctx));
      ctx.status = 204;
    }),
    route('GET', '/oncall/history', 'authenticated', async (ctx) => {
      const query = parseInput(historyQuerySchema, ctx.query);
      ctx.body = await panel.history({ divisionId: query.division, memberId: query.member, from: query.from, to: query.to, limit: query.limit, offset: query.offset });
    }),
    // Who may take over is decided in the service: a member for themselves, an admin for anyone.
    route('POST', '/oncall/:division/takeover', 'authenticated', async (ctx) => {
      const division = divisionOf(ctx);
      const body = parseInput(takeoverSchema, ctx.request.body);
      ctx.body = await panel.takeOver(division, currentActor(ctx), body);
    }),
    // The person on call goes off call (or an admin for them); the service checks who may.
    route('POST', '/oncall/:division/off-call', 'authenticated', async (ctx) => {
      ctx.body = await panel.goOffCall(divisionOf(ctx), currentActor(ctx));
    }),
    route('POST', '/oncall/:division/release', ['admin'], async (ctx) => {
      await panel.release(divisionOf(ctx), currentActor(ctx));
      ctx.status = 204;
    }),
    route('GET', '/oncall/divisions', ['admin'], async (ctx) => {
      ctx.body = await directory.listDivisions();
    }),
    route('POST', '/oncall/divisions', ['admin'], async (ctx) => {
      const body = parseInput(divisionSchema, ctx.request.body);
      ctx.status = 201;
      ctx.body = await directory.createDivision(body, actorName(ctx));
    }),
    route('PUT', '/oncall/divisions/:id', ['admin'], async (ctx) => {
      const id = idOf(ctx);
      ctx.body = await directory.updateDivision(id, parseInput(divisionSchema, ctx.request.body), actorName(ctx));
    }),
    route('DELETE', '/oncall/divisions/:id', ['admin'], async (ctx) => {
      await directory.deleteDivision(idOf(ctx), actorName(ctx));
      ctx.status = 204;
    }),
    route('GET', '/oncall/members', ['admin'], async (ctx) => {
      ctx.body = await directory.listMembers();
    }),
    route('POST', '/oncall/members', ['admin'], async (ctx) => {
      const body = parseInput(memberCreateSchema, ctx.request.body);
      ctx.status = 201;
      ctx.body = await directory.createMember(body, actorName(ctx));
    }),
    route('PUT', '/oncall/members/:id', ['admin'], async (ctx) => {
      const id = idOf(ctx);
      ctx.body = await directory.updateMember(id, parseInput(memberUpdateSchema, ctx.request.body), actorName(ctx));
    }),
    route('PUT', '/oncall/members/:id/pin', ['admin'], async (ctx) => {
      const id = idOf(ctx);
      await directory.setPin(id, parseInput(pinSchema, ctx.request.body).pin, actorName(ctx));
      ctx.status = 204;
    }),
    route('DELETE', '/oncall/members/:id', ['admin'], async (ctx) => {
      await directory.deleteMember(idOf(ctx), actorName(ctx));
      ctx.status = 204;
    }),
    route('GET', '/oncall/audit', ['admin'], async (ctx) => {
      const q = parseInput(auditQuerySchema, ctx.query);
      ctx.body = await deps.audit.search({ eventType: q.type, divisionId: q.division, memberId: q.member, from: q.from, to: q.to, limit: q.limit, offset: q.offset });
    }),
    route('GET', '/oncall/audit/csv', ['admin'], async (ctx) => {
      const q = parseInput(auditQuerySchema, ctx.query);
      const { items } = await deps.audit.search({ eventType: q.type, divisionId: q.division, memberId: q.member, from: q.from, to: q.to, limit: AUDIT_EXPORT_LIMIT, offset: 0 });
      const header = ['id', 'created_at', 'event_type', 'division_id', 'member_id', 'caller_id', 'channel_or_ip', 'details'];
      const rows = items.map((row) => [row.id, row.createdAt.toISOString(), row.eventType, row.divisionId, row.memberId, row.callerId, row.channelOrIp, row.details ? JSON.stringify(row.details) : null]);
      ctx.set('Content-Disposition', 'attachment; filename="oncall-audit.csv"');
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = toCsv(header, rows);
    }),
    route('GET', '/oncall/divisions/:id/schedule', ['admin'], async (ctx) => {
      ctx.body = await deps.schedules.load(idOf(ctx));
    }),
    route('PUT', '/oncall/divisions/:id/schedule', ['admin'], async (ctx) => {
      const id = idOf(ctx);
      await deps.schedules.save(id, parseInput(scheduleSchema, ctx.request.body), currentActor(ctx));
      ctx.status = 204;
    }),
    route('POST', '/oncall/:division/overrides', ['admin'], async (ctx) => {
      const division = divisionOf(ctx);
      const body = parseInput(overrideSchema, ctx.request.body);
      ctx.status = 201;
      ctx.body = await deps.schedules.addOverride(division, body.memberId, body.end, currentActor(ctx));
    }),
    route('DELETE', '/oncall/:division/overrides/:id', ['admin'], async (ctx) => {
      const { division, id } = parseInput(overrideParamSchema, ctx.params);
      await deps.schedules.removeOverride(division, id, currentActor(ctx));
      ctx.status = 204;
    }),
    route('GET', '/oncall/:division/calendar', 'authenticated', async (ctx) => {
      const division = divisionOf(ctx);
      ctx.body = await deps.schedules.calendar(division, parseInput(calendarQuerySchema, ctx.query).days);
    }),
    route('GET', '/oncall/notifications', ['admin'], async (ctx) => {
      const q = parseInput(notificationsQuerySchema, ctx.query);
      const page = await deps.notifications.list({ status: q.status, divisionId: q.division, limit: q.limit, offset: q.offset });
      ctx.body = { total: page.total, items: page.items.map(({ payload, ...rest }) => ({ ...rest, payload: JSON.parse(payload) as unknown })) };
    }),
  ];
}
