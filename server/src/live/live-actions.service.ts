import type {
  CallParty,
  CallView,
  DialRequest,
  HangupRequest,
  PanelActionResult,
  QueueMemberRequest,
  QueuePauseRequest,
  QueueView,
  RedirectRequest,
  SpyRequest,
} from '@ondeck/shared';
import { scopeIncludesExtension } from '../auth';
import { AppError } from '../http';
import type { Logger } from '../logging';
import { AmiActionError, AmiDisconnectedError, AmiTimeoutError } from '../pbx/ami/errors';
import * as ami from './ami-commands';
import type { AmiActions, AuditLog, PanelActor, PbxFeed } from './ports';
import { extensionsOf, scopeCall, scopeQueue } from './scope-filter';

export interface LiveActionsDeps {
  pbx: PbxFeed;
  ami: AmiActions;
  audit: AuditLog;
  /** Current admin-configured pause reasons (settings.pauseReasons). */
  pauseReasons: () => readonly string[];
  logger: Logger;
}

/*
 * One message for "no such call" and "not your call", so a refusal never tells anyone
 * that a call they may not see exists.
 */
const CALL_GONE = 'That call is not on your panel any more. It may have ended.';
const QUEUE_GONE = 'That queue is not on your panel.';

const denied = (message: string): AppError => new AppError('forbidden', message);

/**
 * Supervisor actions from the live panel. Every action is authorised here against the
 * actor's role, scope and monitor modes, sent as one AMI action, and written to the audit
 * log whatever the outcome (success, failure or denied).
 */
export class LiveActionsService {
  constructor(private readonly deps: LiveActionsDeps) {}

  spy(actor: PanelActor, request: SpyRequest): Promise<PanelActionResult> {
    return this.audited(actor, `live.spy.${request.mode}`, `call:${request.callId}`, async () => {
      if (actor.role === 'agent') throw denied('Listening to calls needs a supervisor account.');
      if (actor.role !== 'admin' && !actor.monitorModes.includes(request.mode)) {
        throw denied(`Your account may not ${request.mode} to calls. Ask an administrator to allow it.`);
      }
      const own = this.ownExtension(actor, 'listen to a call');
      const call = this.visibleCall(actor, request.callId);
      const target = request.channel === undefined ? spyTarget(call, own) : this.partyOn(call, request.channel);
      if (target.extension === own) throw new AppError('bad_request', 'You cannot listen to your own call.');
      const label = target.extension ?? target.number;
      await this.send(ami.spyOriginate(own, target.channel, request.mode));
      return { message: `Calling your phone to ${request.mode} to ${label}.`, audit: { channel: target.channel } };
    });
  }

  hangup(actor: PanelActor, request: HangupRequest): Promise<PanelActionResult> {
    return this.audited(actor, 'live.hangup', `call:${request.callId}`, async () => {
      if (actor.role === 'agent') throw denied('Hanging up calls needs a supervisor account.');
      const call = this.visibleCall(actor, request.callId);
      const party = request.channel === undefined ? firstReachable(call) : this.partyOn(call, request.channel);
      await this.send(ami.hangupChannel(party.channel));
      return { message: 'The call was hung up.', audit: { channel: party.channel } };
    });
  }

  redirect(actor: PanelActor, request: RedirectRequest): Promise<PanelActionResult> {
    return this.audited(actor, 'live.redirect', `call:${request.callId}`, async () => {
      const call = this.visibleCall(actor, request.callId);
      // Agents may transfer only calls they are on themselves.
      if (actor.role === 'agent' && (actor.extension === null || !call.extensions.includes(actor.extension))) {
        throw denied('You can transfer only your own calls.');
      }
      const party = request.channel === undefined ? this.counterpart(actor, call.id) : this.partyOn(call, request.channel);
      await this.send(ami.redirectChannel(party.channel, request.target));
      return { message: `Transferred to ${request.target}.`, audit: { channel: party.channel, to: request.target } };
    });
  }

  dial(actor: PanelActor, request: DialRequest): Promise<PanelActionResult> {
    return this.audited(actor, 'live.dial', `number:${request.target}`, async () => {
      const own = this.ownExtension(actor, 'place calls');
      if (request.target === own) throw new AppError('bad_request', 'You cannot call your own extension.');
      await this.send(ami.clickToDial(own, request.target));
      return { message: `Your phone rings first, then ${request.target} is called.` };
    });
  }

  queueAdd(actor: PanelActor, request: QueueMemberRequest): Promise<PanelActionResult> {
    return this.audited(actor, 'live.queue.add', memberTarget(request), async () => {
      const queue = this.manageableQueue(actor, request);
      if (queue.members.some((m) => m.extension === request.extension)) {
        throw new AppError('conflict', `${request.extension} is already a member of queue ${queue.name}.`);
      }
      const name = this.deps.pbx.snapshot().extensions.find((e) => e.number === request.extension)?.name ?? request.extension;
      await this.send(ami.queueAdd(queue.name, request.extension, name));
      return { message: `${request.extension} joined queue ${queue.name}.` };
    });
  }

  queueRemove(actor: PanelActor, request: QueueMemberRequest): Promise<PanelActionResult> {
    return this.audited(actor, 'live.queue.remove', memberTarget(request), async () => {
      const queue = this.manageableQueue(actor, request);
      await this.send(ami.queueRemove(queue.name, memberInterfaceOf(queue, request.extension)));
      return { message: `${request.extension} left queue ${queue.name}.` };
    });
  }

  queuePause(actor: PanelActor, request: QueuePauseRequest): Promise<PanelActionResult> {
    return this.audited(actor, 'live.queue.pause', memberTarget(request), async () => {
      // With no reasons configured, pausing needs none (an empty list must not disable pausing).
      const reasons = this.deps.pauseReasons();
      const reason = request.reason;
      if (reasons.length > 0 ? reason === undefined || !reasons.includes(reason) : reason !== undefined) {
        throw new AppError('validation_failed', 'Choose one of the pause reasons offered.', { fields: { reason: 'is not one of the pause reasons offered' } });
      }
      const queue = this.manageableQueue(actor, request);
      await this.send(ami.queuePause(queue.name, memberInterfaceOf(queue, request.extension), true, reason));
      const why = reason === undefined ? '' : ` (${reason})`;
      return { message: `${request.extension} paused in queue ${queue.name}${why}.`, audit: reason === undefined ? {} : { reason } };
    });
  }

  queueUnpause(actor: PanelActor, request: QueueMemberRequest): Promise<PanelActionResult> {
    return this.audited(actor, 'live.queue.unpause', memberTarget(request), async () => {
      const queue = this.manageableQueue(actor, request);
      await this.send(ami.queuePause(queue.name, memberInterfaceOf(queue, request.extension), false));
      return { message: `${request.extension} is taking calls again in queue ${queue.name}.` };
    });
  }

  private ownExtension(actor: PanelActor, what: string): string {
    if (actor.extension === null) {
      throw new AppError('bad_request', `Your account has no extension, so OnDeck cannot ${what} from your phone. Ask an administrator to set one.`);
    }
    return actor.extension;
  }

  /** The call as the actor sees it (already redacted), or not_found. */
  private visibleCall(actor: PanelActor, callId: string): CallView {
    const call = this.deps.pbx.snapshot().calls.find((c) => c.id === callId);
    const scoped = call && scopeCall(actor.scope, call);
    if (!scoped) throw new AppError('not_found', CALL_GONE);
    return scoped;
  }

  /**
   * "Transfer this call" without naming a leg moves the person the in-scope side is talking
   * to: the first party that is not an in-scope extension (often an outside caller). It is
   * resolved on the full call, so a redacted party can be moved without its channel ever
   * reaching the browser.
   */
  private counterpart(actor: PanelActor, callId: string): CallParty {
    const call = this.deps.pbx.snapshot().calls.find((c) => c.id === callId);
    const parties = call?.parties.filter((p) => p.channel !== '') ?? [];
    const outside = parties.find((p) => p.extension === undefined || !scopeIncludesExtension(actor.scope, p.extension));
    const party = outside ?? parties.find((p) => p.extension !== actor.extension) ?? parties[0];
    if (!party) throw new AppError('not_found', CALL_GONE);
    return party;
  }

  /** A party of the (redacted) call by channel: only channels the actor can see qualify. */
  private partyOn(call: CallView, channel: string): CallParty {
    const party = call.parties.find((p) => p.channel !== '' && p.channel === channel);
    if (!party) throw new AppError('not_found', CALL_GONE);
    return party;
  }

  /**
   * Queue actions: admins anywhere; supervisors in their queues; agents only for
   * themselves in their queues.
   */
  private manageableQueue(actor: PanelActor, request: QueueMemberRequest): QueueView {
    const snapshot = this.deps.pbx.snapshot();
    const queue = snapshot.queues.find((q) => q.name === request.queue);
    const scoped = queue && scopeQueue(actor.scope, queue, extensionsOf(snapshot));
    if (!scoped) throw new AppError('not_found', QUEUE_GONE);
    if (actor.role === 'agent' && request.extension !== actor.extension) {
      throw denied('Agents can change only their own queue membership.');
    }
    return scoped;
  }

  private async send(fields: Record<string, string>): Promise<void> {
    try {
      await this.deps.ami.action(fields);
    } catch (error) {
      if (error instanceof AmiDisconnectedError || error instanceof AmiTimeoutError) {
        throw new AppError('pbx_unavailable', 'The PBX is not reachable right now. Try again in a moment.');
      }
      if (error instanceof AmiActionError) {
        throw new AppError('pbx_error', `The PBX refused: ${error.message}`);
      }
      throw error;
    }
  }

  private async audited(
    actor: PanelActor,
    action: string,
    target: string,
    run: () => Promise<PanelActionResult & { audit?: Record<string, unknown> }>,
  ): Promise<PanelActionResult> {
    const entry = { actorId: actor.id, actorName: actor.username, action, target, ip: actor.ip ?? null };
    try {
      const { audit, ...result } = await run();
      await this.record({ ...entry, result: 'success', details: audit ?? null });
      return result;
    } catch (error) {
      const result = error instanceof AppError && (error.code === 'forbidden' || error.code === 'not_found') ? 'denied' : 'failure';
      const details = error instanceof AppError ? { code: error.code } : { code: 'internal' };
      await this.record({ ...entry, result, details });
      throw error;
    }
  }

  /** The audit log must not turn a done action into an error for the user. */
  private async record(entry: Parameters<AuditLog['record']>[0]): Promise<void> {
    try {
      await this.deps.audit.record(entry);
    } catch (error) {
      this.deps.logger.error({ err: error, action: entry.action }, 'audit log write failed');
    }
  }
}

function memberTarget(request: QueueMemberRequest): string {
  return `queue:${request.queue}/extension:${request.extension}`;
}

function memberInterfaceOf(queue: QueueView, extension: string): string {
  const member = queue.members.find((m) => m.extension === extension);
  if (!member) throw new AppError('not_found', `${extension} is not a member of queue ${queue.name}.`);
  return member.interface;
}

/** By default spy on the first visible extension that is not the supervisor, else the caller. */
function spyTarget(call: CallView, own: string): CallParty {
  const candidates = call.parties.filter((p) => p.channel !== '');
  const target = candidates.find((p) => p.extension !== undefined && p.extension !== own) ?? candidates.find((p) => p.extension !== own);
  if (!target) throw new AppError('bad_request', 'There is nobody on that call you could listen to.');
  return target;
}

function firstReachable(call: CallView): CallParty {
  const party = call.parties.find((p) => p.channel !== '');
  if (!party) throw new AppError('not_found', CALL_GONE);
  return party;
}
