import { contractRoute, currentActor, parseInput, type ApiContext, type RouteDefinition } from '../http';
import { auditName } from '../lib/actor';
import type { AuditSearch } from './audit/oncall-audit.repository';
import type { OnCallDirectoryService } from './directory/oncall-directory.service';
import type { OnCallPanelService } from './oncall-panel.service';
import type { OnCallRecordsService } from './oncall-records.service';
import type { OnCallScheduleService } from './schedule/oncall-schedule.service';
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
  records: OnCallRecordsService;
  schedules: OnCallScheduleService;
}

const actorName = (ctx: ApiContext): string => auditName(currentActor(ctx));
const idOf = (ctx: ApiContext): number => parseInput(idParamSchema, ctx.params).id;
const divisionOf = (ctx: ApiContext): number => parseInput(divisionParamSchema, ctx.params).division;

function auditFilterOf(ctx: ApiContext): AuditSearch {
  const q = parseInput(auditQuerySchema, ctx.query);
  return { eventType: q.type, divisionId: q.division, memberId: q.member, from: q.from, to: q.to, limit: q.limit, offset: q.offset };
}

/** REST of the on-call domain: the board for everyone signed in, management for admins. */
export function onCallRoutes(deps: OnCallRouteDeps): RouteDefinition[] {
  const { panel, directory, records, schedules } = deps;
  return [
    contractRoute('oncall.board', 'authenticated', async (ctx) => panel.board(currentActor(ctx))),
    contractRoute('oncall.clearLockout', ['admin'], async (ctx) => {
      await panel.clearLockout(idOf(ctx), currentActor(ctx));
    }),
    contractRoute('oncall.history', 'authenticated', async (ctx) => {
      const query = parseInput(historyQuerySchema, ctx.query);
      return panel.history({ divisionId: query.division, memberId: query.member, from: query.from, to: query.to, limit: query.limit, offset: query.offset });
    }),
    // Who may take over is decided in the service: a member for themselves, an admin for anyone.
    contractRoute('oncall.takeover', 'authenticated', async (ctx) => {
      const division = divisionOf(ctx);
      const body = parseInput(takeoverSchema, ctx.request.body);
      return panel.takeOver(division, currentActor(ctx), body);
    }),
    // The person on call goes off call (or an admin for them); the service checks who may.
    contractRoute('oncall.offCall', 'authenticated', async (ctx) => panel.goOffCall(divisionOf(ctx), currentActor(ctx))),
    contractRoute('oncall.release', ['admin'], async (ctx) => {
      await panel.release(divisionOf(ctx), currentActor(ctx));
    }),
    contractRoute('oncall.divisions', ['admin'], async () => directory.listDivisions()),
    contractRoute('oncall.createDivision', ['admin'], async (ctx) => {
      const body = parseInput(divisionSchema, ctx.request.body);
      return directory.createDivision(body, actorName(ctx));
    }),
    contractRoute('oncall.updateDivision', ['admin'], async (ctx) => {
      const id = idOf(ctx);
      return directory.updateDivision(id, parseInput(divisionSchema, ctx.request.body), actorName(ctx));
    }),
    contractRoute('oncall.deleteDivision', ['admin'], async (ctx) => {
      await directory.deleteDivision(idOf(ctx), actorName(ctx));
    }),
    contractRoute('oncall.members', ['admin'], async () => directory.listMembers()),
    contractRoute('oncall.createMember', ['admin'], async (ctx) => {
      const body = parseInput(memberCreateSchema, ctx.request.body);
      return directory.createMember(body, actorName(ctx));
    }),
    contractRoute('oncall.updateMember', ['admin'], async (ctx) => {
      const id = idOf(ctx);
      return directory.updateMember(id, parseInput(memberUpdateSchema, ctx.request.body), actorName(ctx));
    }),
    contractRoute('oncall.setPin', ['admin'], async (ctx) => {
      const id = idOf(ctx);
      await directory.setPin(id, parseInput(pinSchema, ctx.request.body).pin, actorName(ctx));
    }),
    contractRoute('oncall.deleteMember', ['admin'], async (ctx) => {
      await directory.deleteMember(idOf(ctx), actorName(ctx));
    }),
    contractRoute('oncall.audit', ['admin'], async (ctx) => records.audit(auditFilterOf(ctx))),
    contractRoute('oncall.auditCsv', ['admin'], async (ctx) => ({
      filename: 'oncall-audit.csv',
      contentType: 'text/csv; charset=utf-8',
      body: await records.auditCsv(auditFilterOf(ctx)),
    })),
    contractRoute('oncall.schedule', ['admin'], async (ctx) => schedules.load(idOf(ctx))),
    contractRoute('oncall.saveSchedule', ['admin'], async (ctx) => {
      const id = idOf(ctx);
      await schedules.save(id, parseInput(scheduleSchema, ctx.request.body), currentActor(ctx));
    }),
    contractRoute('oncall.addOverride', ['admin'], async (ctx) => {
      const division = divisionOf(ctx);
      const body = parseInput(overrideSchema, ctx.request.body);
      return schedules.addOverride(division, body.memberId, body.end, currentActor(ctx));
    }),
    contractRoute('oncall.removeOverride', ['admin'], async (ctx) => {
      const { division, id } = parseInput(overrideParamSchema, ctx.params);
      await schedules.removeOverride(division, id, currentActor(ctx));
    }),
    contractRoute('oncall.calendar', 'authenticated', async (ctx) => {
      const division = divisionOf(ctx);
      return schedules.calendar(division, parseInput(calendarQuerySchema, ctx.query).days);
    }),
    contractRoute('oncall.notifications', ['admin'], async (ctx) => {
      const q = parseInput(notificationsQuerySchema, ctx.query);
      return records.notifications({ status: q.status, divisionId: q.division, limit: q.limit, offset: q.offset });
    }),
  ];
}
