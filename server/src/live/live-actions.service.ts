import type {
  SpyView,
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
  SpySwitchRequest,
} from '@ondeck/shared';
import { mayDial, mayHangup, mayManageMember, mayMonitor, mayTransfer } from '@ondeck/shared';
import { scopeIncludesExtension } from '../lib/scope';
import { AppError } from '../lib/app-error';
import { runDetached } from '../lib/detached';
import type { Logger } from '../logging';
import { AmiActionError, AmiDisconnectedError, AmiTimeoutError } from '../pbx/ami/errors';
import * as ami from './ami-commands';
import type { MonitoredFeed } from './monitor-modes';
import type { AmiActionPort } from '../pbx';
import type { AuditLog } from './ports';
import type { Actor } from '../lib/actor';
import { systemClock, type Clock } from '../lib/clock';
import { RefusalAudit } from './refusal-audit';
import { extensionsOf, scopeCall, scopeQueue } from './scope-filter';

/** `auto` writes members the way the PBX's existing members look (see ami.looksLikeFreePbxMember). */
export type QueueMemberStyleSetting = ami.QueueMemberStyle | 'auto';

export interface LiveActionsDeps {
  pbx: MonitoredFeed;
  ami: AmiActionPort;
  audit: AuditLog;
  /** Current admin-configured pause reasons (settings.pauseReasons). */
  pauseReasons: () => readonly string[];
  logger: Logger;
  /** How new queue members are written (QUEUE_MEMBER_STYLE); default auto. */
  queueMemberStyle?: QueueMemberStyleSetting;
  /** Refusals of one person within this window are audited as one row with a count. */
  refusalWindowMs?: number;
  clock?: Clock;
}

/** A spy Originate that was sent but whose leg the model has not shown yet. */
interface PendingSpy {
  sentAt: number;
  /** The supervisor's phone was seen in a call since (the spy leg rang). */
  seen: boolean;
}

/** Async Originate rings the supervisor's phone for up to 30 s (Asterisk's default). */
const SPY_RING_MS = 30_000;
const MODE_WORDS: Record<SpySwitchRequest['mode'], string> = { listen: 'listen', whisper: 'whisper', barge: 'barge' };

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
  private readonly refusals: RefusalAudit;
  private readonly pendingSpies = new Map<string, PendingSpy>();
  private readonly clock: Clock;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: LiveActionsDeps) {
    this.refusals = new RefusalAudit((entry) => this.record(entry), deps.logger, deps.refusalWindowMs);
    this.clock = deps.clock ?? systemClock;
    // The spy leg showing up in the model ends the "being called" guard of a pending start.
    this.unsubscribe = deps.pbx.subscribe((change) => {
      if (this.pendingSpies.size === 0 || change.kind !== 'call' || !change.value) return;
      for (const [own, pending] of this.pendingSpies) {
        if (change.value.extensions.includes(own) || change.value.spying?.spy === own) pending.seen = true;
      }
    });
  }

  /**
   * Starts the supervisor's one monitoring session: ChanSpy with `d`, so Switch can change the
   * mode later with ChanSpy's keys. Refused while the supervisor's phone is in any call (a
   * session already running is such a call) and only on calls with an extension in scope.
   */
  spy(actor: Actor, request: SpyRequest): Promise<PanelActionResult> {
    return this.audited(actor, `live.spy.${request.mode}`, `call:${request.callId}`, async () => {
      if (actor.role === 'agent') throw denied('Listening to calls needs a supervisor account.');
      if (!mayMonitor(actor, request.mode)) {
        if (actor.extension === null) this.ownExtension(actor, 'listen to a call');
        throw denied(`Your account may not ${request.mode} to calls. Ask an administrator to allow it.`);
      }
      const own = this.ownExtension(actor, 'listen to a call');
      const call = this.visibleCall(actor, request.callId);
      if (!actor.scope.all && !call.extensions.some((extension) => extension !== own)) {
        throw denied('You can listen only to calls of extensions in your scope.');
      }
      const target = request.channel === undefined ? spyTarget(call, own) : this.partyOn(call, request.channel);
      if (target.extension === own) throw new AppError('bad_request', 'You cannot listen to your own call.');
      this.assertPhoneFree(own);
      const label = target.extension ?? target.number;
      this.pendingSpies.set(own, { sentAt: this.clock.now(), seen: false });
      try {
        await this.send(ami.spyOriginate(own, target.channel, request.mode));
      } catch (error) {
        this.pendingSpies.delete(own);
        throw error;
      }
      return { message: `Calling your phone to ${request.mode} to ${label}. Answer it to start.`, audit: { channel: target.channel } };
    });
  }

  /** Switches the running session with ChanSpy's mode key (4 listen, 5 whisper, 6 barge). */
  spySwitch(actor: Actor, request: SpySwitchRequest): Promise<PanelActionResult> {
    return this.audited(actor, `live.spy.switch.${request.mode}`, `extension:${actor.extension ?? '-'}`, async () => {
      if (actor.role === 'agent') throw denied('Listening to calls needs a supervisor account.');
      this.ownExtension(actor, 'listen to a call');
      if (!mayMonitor(actor, request.mode)) throw denied(`Your account may not ${request.mode} to calls. Ask an administrator to allow it.`);
      const session = this.ownSession(actor);
      const from = this.deps.pbx.modeOf(session);
      if (from === request.mode) return { message: `You are already in ${MODE_WORDS[from]} mode.` };
      if (!/d/.test(session.options ?? '')) {
        throw new AppError('conflict', 'This session was not started by OnDeck and cannot switch modes. Stop it and start again in the mode you want.');
      }
      await this.send(ami.spyModeKey(session.spyChannel, request.mode));
      this.deps.pbx.setMode(session.spyChannel, request.mode);
      return { message: `Switched to ${MODE_WORDS[request.mode]} on ${session.target}.`, audit: { channel: session.spyChannel, from, to: request.mode } };
    });
  }

  /** Ends the session: hangs up the supervisor's ChanSpy leg; the spied call goes on. */
  spyStop(actor: Actor): Promise<PanelActionResult> {
    return this.audited(actor, 'live.spy.stop', `extension:${actor.extension ?? '-'}`, async () => {
      if (actor.role === 'agent') throw denied('Listening to calls needs a supervisor account.');
      const session = this.ownSession(actor);
      await this.send(ami.hangupChannel(session.spyChannel));
      return { message: `Stopped listening to ${session.target}.`, audit: { channel: session.spyChannel } };
    });
  }

  hangup(actor: Actor, request: HangupRequest): Promise<PanelActionResult> {
    return this.audited(actor, 'live.hangup', `call:${request.callId}`, async () => {
      if (!mayHangup(actor)) throw denied('Hanging up calls needs a supervisor account.');
      const call = this.visibleCall(actor, request.callId);
      const party = request.channel === undefined ? firstReachable(call) : this.partyOn(call, request.channel);
      await this.send(ami.hangupChannel(party.channel));
      return { message: 'The call was hung up.', audit: { channel: party.channel } };
    });
  }

  redirect(actor: Actor, request: RedirectRequest): Promise<PanelActionResult> {
    return this.audited(actor, 'live.redirect', `call:${request.callId}`, async () => {
      const call = this.visibleCall(actor, request.callId);
      // Agents may transfer only calls they are on themselves.
      if (!mayTransfer(actor, call.extensions)) {
        throw denied('You can transfer only your own calls.');
      }
      const party = request.channel === undefined ? this.counterpart(actor, call.id) : this.partyOn(call, request.channel);
      await this.send(ami.redirectChannel(party.channel, request.target));
      return { message: `Transferred to ${request.target}.`, audit: { channel: party.channel, to: request.target } };
    });
  }

  dial(actor: Actor, request: DialRequest): Promise<PanelActionResult> {
    return this.audited(actor, 'live.dial', `number:${request.target}`, async () => {
      if (!mayDial(actor)) this.ownExtension(actor, 'place calls');
      const own = this.ownExtension(actor, 'place calls');
      if (request.target === own) throw new AppError('bad_request', 'You cannot call your own extension.');
      const name = this.deps.pbx.snapshot().extensions.find((e) => e.number === own)?.name ?? actor.displayName;
      await this.send(ami.clickToDial(own, name, request.target));
      return { message: `Your phone rings first, then ${request.target} is called.` };
    });
  }

  queueAdd(actor: Actor, request: QueueMemberRequest): Promise<PanelActionResult> {
    return this.audited(actor, 'live.queue.add', memberTarget(request), async () => {
      const queue = this.manageableQueue(actor, request);
      const snapshot = this.deps.pbx.snapshot();
      const extension = snapshot.extensions.find((e) => e.number === request.extension);
      if (!extension) {
        throw new AppError('validation_failed', `The PBX has no extension ${request.extension}.`, { fields: { extension: 'not an extension of the PBX' } });
      }
      if (queue.members.some((m) => m.extension === request.extension)) {
        throw new AppError('conflict', `${request.extension} is already a member of queue ${queue.name}.`);
      }
      const member = ami.memberInterfaces(this.memberStyle(snapshot.queues), request.extension);
      await this.send(ami.queueAdd(queue.name, member, extension.name ?? request.extension));
      return { message: `${request.extension} joined queue ${queue.name}.` };
    });
  }

  queueRemove(actor: Actor, request: QueueMemberRequest): Promise<PanelActionResult> {
    return this.audited(actor, 'live.queue.remove', memberTarget(request), async () => {
      const queue = this.manageableQueue(actor, request);
      await this.send(ami.queueRemove(queue.name, memberInterfaceOf(queue, request.extension)));
      return { message: `${request.extension} left queue ${queue.name}.` };
    });
  }

  queuePause(actor: Actor, request: QueuePauseRequest): Promise<PanelActionResult> {
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

  queueUnpause(actor: Actor, request: QueueMemberRequest): Promise<PanelActionResult> {
    return this.audited(actor, 'live.queue.unpause', memberTarget(request), async () => {
      const queue = this.manageableQueue(actor, request);
      await this.send(ami.queuePause(queue.name, memberInterfaceOf(queue, request.extension), false));
      return { message: `${request.extension} is taking calls again in queue ${queue.name}.` };
    });
  }

  /** Refused: a panel action over the rate limit (audited like any refusal, in bursts). */
  async rateLimited(actor: Actor, event: string): Promise<void> {
    await this.refusals.refused({ actorId: actor.id, actorName: actor.username, action: `live.${event}`, target: null, result: 'denied', details: { code: 'rate_limited' }, ip: actor.ip });
  }

  /** Writes the pending refusal summaries (shutdown, tests). */
  flushAudit(): Promise<void> {
    return this.refusals.flush();
  }

  /** Stops following the model and writes what the refusal audit still holds. */
  close(): void {
    this.unsubscribe();
    runDetached(this.deps.logger, 'writing the last refusal summaries', () => this.refusals.flush());
  }

  private memberStyle(queues: readonly QueueView[]): ami.QueueMemberStyle {
    const setting = this.deps.queueMemberStyle ?? 'auto';
    if (setting !== 'auto') return setting;
    return queues.some((q) => q.members.some(ami.looksLikeFreePbxMember)) ? 'freepbx' : 'device';
  }

  /** The supervisor's running session (from the full model: their own ChanSpy leg). */
  private ownSession(actor: Actor): SpyView {
    const own = this.ownExtension(actor, 'listen to a call');
    const call = this.deps.pbx.snapshot().calls.find((c) => c.spying?.spy === own);
    if (!call?.spying) throw new AppError('not_found', 'You are not listening to a call right now.');
    return call.spying;
  }

  /**
   * One session per supervisor, and none while their phone is busy: ChanSpy would ring a
   * phone that is in another call (call waiting) and the supervisor would end up in both.
   */
  private assertPhoneFree(own: string): void {
    const calls = this.deps.pbx.snapshot().calls;
    const pending = this.pendingSpies.get(own);
    const inCall = calls.find((c) => c.extensions.includes(own) || c.spying?.spy === own);
    if (pending && inCall) pending.seen = true;
    if (inCall?.spying?.spy === own) {
      throw new AppError('conflict', `You are already listening to ${inCall.spying.target}. Switch the mode or stop it first.`);
    }
    if (inCall) throw new AppError('conflict', `Your phone (${own}) is in another call. Finish that call first, then start listening.`);
    if (pending && !pending.seen && this.clock.now() - pending.sentAt < SPY_RING_MS) {
      throw new AppError('conflict', 'Your phone is being called for the session you started. Answer it, or wait until it stops ringing.');
    }
    this.pendingSpies.delete(own);
  }

  private ownExtension(actor: Actor, what: string): string {
    if (actor.extension === null) {
      throw new AppError('bad_request', `Your account has no extension, so OnDeck cannot ${what} from your phone. Ask an administrator to set one.`);
    }
    return actor.extension;
  }

  /** The call as the actor sees it (already redacted), or not_found. */
  private visibleCall(actor: Actor, callId: string): CallView {
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
  private counterpart(actor: Actor, callId: string): CallParty {
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
  private manageableQueue(actor: Actor, request: QueueMemberRequest): QueueView {
    const snapshot = this.deps.pbx.snapshot();
    const queue = snapshot.queues.find((q) => q.name === request.queue);
    const scoped = queue && scopeQueue(actor.scope, queue, extensionsOf(snapshot));
    if (!scoped) throw new AppError('not_found', QUEUE_GONE);
    if (!mayManageMember(actor, request.extension, (extension) => scopeIncludesExtension(actor.scope, extension))) {
      throw denied(
        actor.role === 'agent'
          ? 'Agents can change only their own queue membership.'
          : `${request.extension} is not in your scope, so you cannot change its queue membership.`,
      );
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
    actor: Actor,
    action: string,
    target: string,
    run: () => Promise<PanelActionResult & { audit?: Record<string, unknown> }>,
  ): Promise<PanelActionResult> {
    const entry = { actorId: actor.id, actorName: actor.username, action, target, ip: actor.ip };
    try {
      const { audit, ...result } = await run();
      await this.record({ ...entry, result: 'success', details: audit ?? null });
      return result;
    } catch (error) {
      const result = error instanceof AppError && (error.code === 'forbidden' || error.code === 'not_found') ? 'denied' : 'failure';
      const details = error instanceof AppError ? { code: error.code } : { code: 'internal' };
      if (result === 'denied') await this.refusals.refused({ ...entry, result, details });
      else await this.record({ ...entry, result, details });
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
