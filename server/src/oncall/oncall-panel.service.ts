import type { OnCallBoardEntry, OnCallLockoutView } from '@ondeck/shared';
import type { Logger } from 'pino';
import { auditName, type Actor } from '../lib/actor';
import type { Clock } from '../lib/clock';
import { AppError, forbidden, notFound } from '../lib/app-error';
import type { BoardRow, HistoryFilter, OnCallAdminRepository } from './directory/oncall-admin.repository';
import type { OnCallChanges } from './line/oncall-changes.service';
import type { OnCallScheduler } from './schedule/oncall-scheduler.service';
import type { OnCallAuditLog, OnCallStore } from './oncall.ports';
import { describeSubject, type OnCallLockout } from './line/oncall-lockout';
import type { PinHasher } from './line/pin-hasher';

/** Re-confirmation for a takeover from the panel: the member's PIN or the account password. */
export interface PanelTakeoverInput {
  pin?: string | undefined;
  password?: string | undefined;
  /** Admins only: take over on this member's behalf (the admin confirms with their own password). */
  memberId?: number | undefined;
}

export type BoardEntry = OnCallBoardEntry;
export type BoardLockout = OnCallLockoutView;

/** The lockout key of withheld numbers (see TakeoverSession.callerKey). */
const WITHHELD = 'anonymous';

/**
 * `+46701234567` → `•••567` for people who may not see whole caller IDs. A caller ID without
 * digits is untrusted text a caller chose (a name, a SIP user): nothing of it is shown, except
 * that the withheld key says `withheld`.
 */
export function maskCallerId(callerId: string): string {
  if (callerId === WITHHELD) return 'withheld';
  const digits = callerId.replace(/\D/g, '');
  return digits === '' ? '•••' : `•••${digits.slice(-3)}`;
}

export interface PanelDeps {
  store: OnCallStore;
  admin: OnCallAdminRepository;
  audit: OnCallAuditLog;
  pins: PinHasher;
  /** The same member lockout as phone takeovers: failures by phone and in the panel count together. */
  lockout: OnCallLockout;
  /** Checks an OnDeck account password (the users domain owns the hashes). */
  verifyPassword(userId: number, password: string): Promise<boolean>;
  /** The one change path: the transaction with its expected-period check, then routing, webhooks, boards. */
  changes: OnCallChanges;
  /** Who takes the line back when someone goes off call. */
  scheduler: Pick<OnCallScheduler, 'handBackTarget' | 'endOverridesOf'>;
  /** A lockout started or was cleared in this division: open boards reload. */
  boardChanged?: (divisionId: number) => void;
  clock: Clock;
  logger: Logger;
}

export function toBoardEntry(row: BoardRow, lockouts: BoardLockout[] = [], readerMemberId: number | null = null, pinOnlyLockedUntil: Date | null = null): BoardEntry {
  const period = row.period;
  return {
    divisionId: row.divisionId,
    divisionName: row.divisionName,
    member: period && period.memberId !== null ? { id: period.memberId, name: period.memberName ?? '' } : null,
    phone: period?.phone ?? null,
    since: period?.startedAt.toISOString() ?? null,
    source: period?.source ?? null,
    fallbackNumber: row.fallbackNumber,
    lockouts,
    mine: readerMemberId !== null && period?.memberId === readerMemberId,
    pinOnlyLockedUntil: pinOnlyLockedUntil?.toISOString() ?? null,
  };
}

const concurrentChange = (): AppError =>
  new AppError('conflict', 'Someone else changed who is on call at the same moment. Reload the board and try again.');

const wrongCredentials = (): AppError =>
  new AppError('invalid_credentials', 'That PIN or password is not right. Check it and try again.');

/** The on-call board in the panel: who is on call, taking the line over, releasing it, history. */
export class OnCallPanelService {
  constructor(private readonly deps: PanelDeps) {}

  async board(actor: Pick<Actor, 'id' | 'role'>): Promise<BoardEntry[]> {
    const lockouts = await this.lockouts(actor);
    const reader = (await this.deps.admin.findMemberByAccount(actor.id))?.id ?? null;
    const divisionLocks = await this.deps.lockout.divisionLocks(new Date(this.deps.clock.now()));
    return (await this.deps.admin.board()).map((row) =>
      toBoardEntry(row, lockouts.get(row.divisionId) ?? [], reader, divisionLocks.get(row.divisionId) ?? null),
    );
  }

  /** Ends a lock early (admins): audited as lockout_cleared, so the count of failures starts again. */
  async clearLockout(lockId: number, actor: Pick<Actor, 'id' | 'username' | 'role' | 'ip'>): Promise<void> {
    if (actor.role !== 'admin') throw forbidden();
    const now = new Date(this.deps.clock.now());
    const lock = (await this.deps.lockout.active(now)).find((candidate) => candidate.id === lockId);
    if (!lock) throw new AppError('not_found', 'That lockout is no longer in force: it has ended or was cleared already. Reload the board.');
    await this.deps.audit.append(
      {
        eventType: 'lockout_cleared',
        memberId: lock.subject.kind === 'member' ? lock.subject.memberId : lock.memberId,
        divisionId: lock.divisionId,
        callerId: lock.subject.kind === 'caller' ? lock.subject.callerId : null,
        channelOrIp: actor.ip,
        details: { lock: lock.subject.kind, lockId, until: lock.until.toISOString(), actor: auditName(actor), username: actor.username },
      },
      now,
    );
    this.deps.logger.info({ userId: actor.id, lockId, subject: describeSubject(lock.subject), divisionId: lock.divisionId }, 'on-call lockout cleared early by an admin');
    if (lock.divisionId !== null) this.deps.boardChanged?.(lock.divisionId);
  }

  /** Locks in force, per division they started in. */
  private async lockouts(actor: Pick<Actor, 'role'>): Promise<Map<number, BoardLockout[]>> {
    const active = await this.deps.lockout.active(new Date(this.deps.clock.now()));
    const byDivision = new Map<number, BoardLockout[]>();
    if (active.length === 0) return byDivision;
    const names = new Map((await this.deps.admin.listMembers()).map((member) => [member.id, member.name]));
    for (const lock of active) {
      if (lock.divisionId === null) continue;
      const memberId = lock.subject.kind === 'member' ? lock.subject.memberId : lock.memberId;
      const callerId = lock.subject.kind === 'caller' ? lock.subject.callerId : null;
      const entry: BoardLockout = {
        id: lock.id,
        kind: lock.subject.kind,
        callerId: callerId === null || actor.role === 'admin' ? callerId : maskCallerId(callerId),
        member: memberId === null ? null : { id: memberId, name: names.get(memberId) ?? `Member ${memberId}` },
        since: lock.lockedAt.toISOString(),
        until: lock.until.toISOString(),
      };
      byDivision.set(lock.divisionId, [...(byDivision.get(lock.divisionId) ?? []), entry]);
    }
    return byDivision;
  }

  history(filter: HistoryFilter): ReturnType<OnCallAdminRepository['history']> {
    return this.deps.admin.history(filter);
  }

  async takeOver(divisionId: number, actor: Pick<Actor, 'id' | 'username' | 'role' | 'ip'>, input: PanelTakeoverInput): Promise<BoardEntry> {
    const logger = this.deps.logger.child({ divisionId, userId: actor.id });
    const division = await this.deps.store.findDivision(divisionId);
    if (!division) throw notFound('The on-call division');
    const memberId = await this.confirmedMember(divisionId, actor, input, logger);
    const members = await this.deps.store.listDivisionMembers(divisionId);
    const member = members.find((candidate) => candidate.id === memberId);
    if (!member) {
      throw new AppError('bad_request', 'That member does not belong to this division or is inactive. Add them to the division first.');
    }
    const now = new Date(this.deps.clock.now());
    const current = await this.deps.store.currentPeriod(divisionId);
    const result = await this.deps.changes.change(
      {
        divisionId,
        to: { memberId: member.id, phone: member.phone },
        source: 'panel',
        expectedPeriodId: current?.id ?? null,
        at: now,
        endedBy: auditName(actor),
        audit: { callerId: null, channelOrIp: actor.ip, details: { actor: auditName(actor), username: actor.username } },
      },
      { divisionName: division.name, memberName: member.name, logger },
    );
    if (result.outcome === 'conflict') throw concurrentChange();
    logger.info({ memberId: member.id, division: division.name }, 'on-call line taken over from the panel');
    return this.entryOf(divisionId, actor, division);
  }

  /** Admins: nobody on call any more; calls go to the division's fallback. */
  async release(divisionId: number, actor: Pick<Actor, 'id' | 'username' | 'role' | 'ip'>): Promise<void> {
    if (actor.role !== 'admin') throw forbidden();
    const division = await this.deps.store.findDivision(divisionId);
    if (!division) throw notFound('The on-call division');
    const current = await this.deps.store.currentPeriod(divisionId);
    if (!current) throw new AppError('conflict', 'Nobody is on call in this division, so there is nothing to release.');
    const logger = this.deps.logger.child({ divisionId, userId: actor.id });
    const result = await this.deps.changes.change(
      {
        divisionId,
        to: null,
        source: 'panel',
        expectedPeriodId: current.id,
        at: new Date(this.deps.clock.now()),
        endedBy: auditName(actor),
        audit: { callerId: null, channelOrIp: actor.ip, details: { action: 'release', actor: auditName(actor), username: actor.username } },
      },
      { divisionName: division.name, memberName: null, logger },
    );
    if (result.outcome === 'conflict') throw concurrentChange();
    logger.info({ division: division.name, memberId: current.memberId }, 'on-call line released; calls go to the fallback');
  }

  /**
   * The person on call (or an admin for them) goes off call: the line goes back to whom the
   * schedule names without their overrides, else to nobody (the fallback). Audited in the
   * change's on_call_update row (details.action = off_call).
   */
  async goOffCall(divisionId: number, actor: Pick<Actor, 'id' | 'username' | 'role' | 'ip'>): Promise<BoardEntry> {
    const division = await this.deps.store.findDivision(divisionId);
    if (!division) throw notFound('The on-call division');
    const current = await this.deps.store.currentPeriod(divisionId);
    if (!current || current.memberId === null) throw new AppError('conflict', 'Nobody is on call in this division. Reload the board.');
    if (actor.role !== 'admin') {
      const linked = await this.deps.admin.findMemberByAccount(actor.id);
      if (linked?.id !== current.memberId) throw forbidden();
    }
    const logger = this.deps.logger.child({ divisionId, userId: actor.id });
    const now = new Date(this.deps.clock.now());
    const target = await this.deps.scheduler.handBackTarget(divisionId, current.memberId, now);
    if (target.kind === 'self') {
      throw new AppError('conflict', 'The schedule has this person on call now. To hand over, an admin adds an override for someone else.');
    }
    const to = target.kind === 'member' ? target.member : null;
    const result = await this.deps.changes.change(
      {
        divisionId,
        to: to ? { memberId: to.id, phone: to.phone } : null,
        source: to ? 'schedule' : 'panel',
        expectedPeriodId: current.id,
        at: now,
        endedBy: auditName(actor),
        audit: { callerId: null, channelOrIp: actor.ip, details: { action: 'off_call', offMemberId: current.memberId, actor: auditName(actor), username: actor.username } },
      },
      { divisionName: division.name, memberName: to?.name ?? null, logger },
    );
    if (result.outcome === 'conflict') throw concurrentChange();
    await this.deps.scheduler.endOverridesOf(divisionId, current.memberId, now);
    logger.info({ memberId: current.memberId, to: to?.id ?? null }, 'went off call; the line is handed back');
    return this.entryOf(divisionId, actor, division);
  }

  private async entryOf(divisionId: number, actor: Pick<Actor, 'id' | 'username' | 'role' | 'ip'>, division: { name: string; fallbackNumber: string | null }): Promise<BoardEntry> {
    return (
      (await this.board(actor)).find((entry) => entry.divisionId === divisionId) ??
      toBoardEntry({ divisionId, divisionName: division.name, fallbackNumber: division.fallbackNumber, period: null })
    );
  }

  /** Which member the request acts for, after checking the PIN or password. Failures are audited. */
  private async confirmedMember(divisionId: number, actor: Pick<Actor, 'id' | 'username' | 'role' | 'ip'>, input: PanelTakeoverInput, logger: Logger): Promise<number> {
    if (input.memberId !== undefined) {
      if (actor.role !== 'admin') throw forbidden();
      if (!input.password || !(await this.deps.verifyPassword(actor.id, input.password))) {
        await this.recordFailure(divisionId, actor, input.memberId, 'admin_password');
        throw wrongCredentials();
      }
      return input.memberId;
    }
    const linked = await this.deps.admin.findMemberByAccount(actor.id);
    if (!linked) {
      throw new AppError('bad_request', 'Your account is not linked to an on-call member. Ask an administrator to link it.');
    }
    const now = new Date(this.deps.clock.now());
    const lockedUntil = await this.deps.lockout.lockedUntil({ kind: 'member', memberId: linked.id }, now);
    if (lockedUntil) {
      const retryAfter = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
      throw new AppError('locked_out', 'Too many wrong PINs or passwords for this member. Wait and try again, or ask an administrator.', { retryAfter });
    }
    const confirmed = input.pin
      ? await this.deps.pins.verify(input.pin, linked.pinHash)
      : input.password
        ? await this.deps.verifyPassword(actor.id, input.password)
        : false;
    if (!confirmed) {
      await this.recordFailure(divisionId, actor, linked.id, input.pin ? 'pin' : 'password');
      logger.warn({ memberId: linked.id }, 'panel on-call takeover refused: wrong PIN or password');
      if ((await this.deps.lockout.subjectsReachingLimit([{ kind: 'member', memberId: linked.id }], now)).length > 0) {
        await this.deps.audit.append(
          { eventType: 'locked_out', memberId: linked.id, divisionId, callerId: null, channelOrIp: actor.ip, details: { lock: 'member', actor: auditName(actor) } },
          now,
        );
        this.deps.boardChanged?.(divisionId);
      }
      throw wrongCredentials();
    }
    return linked.id;
  }

  private recordFailure(divisionId: number, actor: Pick<Actor, 'id' | 'username' | 'role' | 'ip'>, memberId: number, method: string): Promise<void> {
    return this.deps.audit.append(
      { eventType: 'failed_auth', memberId, divisionId, callerId: null, channelOrIp: actor.ip, details: { method, actor: auditName(actor) } },
      new Date(this.deps.clock.now()),
    );
  }
}
