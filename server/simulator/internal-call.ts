import type { ActiveCall } from './call-registry';
import type { SimBridge, SimChannel } from './channel';
import { emitCdr } from './cdr-records';
import { sipDigestAuth } from './security-events';
import { bridged, dialAnswered, dialEnded, dialRinging, dialStarted, unbridged } from './dialplan-vars';
import type { World } from './world';

/** Dial(PJSIP/<ext>,8,tT) as the test dialplan runs it. */
export const DIAL_TIMEOUT_MS = 8000;

export type CallPhase = 'ringing' | 'talking' | 'ended';
export type Side = 'caller' | 'callee';

/**
 * One Dial() from a channel to an extension: ringing, then answered or failed, then
 * bridged until one side hangs up. The event order follows basic-answer-*, busy,
 * no-answer and caller-cancel captures.
 */
export class DialedCall implements ActiveCall {
  phase: CallPhase = 'ringing';
  bridge: SimBridge | undefined;
  private cancelTimeout: (() => void) | undefined;

  constructor(
    readonly world: World,
    readonly caller: SimChannel,
    readonly callee: SimChannel,
    readonly dialString: string,
  ) {}

  /** Dial data when it is not `PJSIP/<dialString>,8,tT` (a trunk: `PJSIP/<number>@<trunk>,8,tT`). */
  lastData: string | undefined;

  /**
   * The caller dials `target`; the caller channel may already exist (transfers, originate).
   * With `trunk` the target is an outside number dialled out through that PJSIP trunk.
   */
  static start(world: World, caller: SimChannel, target: string, trunk?: string): DialedCall {
    const endpoint = trunk === undefined ? world.endpoints.get(target) : undefined;
    if (trunk === undefined && !endpoint) throw new Error(`no endpoint ${target}`);
    const dialString = trunk === undefined ? target : `${target}@${trunk}`;
    const calleeName = endpoint?.callerName ?? target;
    world.newexten(caller, 2, 'Dial', `PJSIP/${dialString},8,tT`);
    dialStarted(world, caller);
    const callee = world.createChannel({
      ...(trunk === undefined ? { endpoint: target } : { prefix: `PJSIP/${trunk}` }),
      state: 0,
      callerNum: target,
      callerName: calleeName,
      context: 'from-internal',
      exten: 's',
      linkedid: caller.linkedid,
    });
    world.varSet(callee, 'DIALEDPEERNUMBER', dialString);
    callee.exten = target;
    callee.connectedNum = caller.callerNum;
    callee.connectedName = caller.callerName;
    world.newexten(callee, 1, 'AppDial', '(Outgoing Line)');
    world.emit('NewConnectedLine', 'call', callee.snapshot());
    const call = new DialedCall(world, caller, callee, target);
    if (trunk !== undefined) call.lastData = `PJSIP/${dialString},8,tT`;
    world.dialEvent('DialBegin', caller, callee, { DialString: dialString });
    world.setState(callee, 5);
    world.setConnected(caller, target, calleeName);
    dialRinging(world, caller);
    world.dialEvent('DialState', caller, callee, { DialStatus: 'RINGING' });
    call.cancelTimeout = world.clock.schedule(DIAL_TIMEOUT_MS, () => call.timeout());
    return call;
  }

  private assertPhase(phase: CallPhase, what: string): void {
    if (this.phase !== phase) throw new Error(`cannot ${what} a call that is ${this.phase}`);
  }

  /** The callee picks up: callee Up, DialEnd ANSWER, caller Up, bridge both. */
  answer(): this {
    this.assertPhase('ringing', 'answer');
    this.cancelTimeout?.();
    const { world, caller, callee } = this;
    world.setState(callee, 6);
    dialAnswered(world, caller, callee, this.dialString);
    world.dialEvent('DialEnd', caller, callee, { DialStatus: 'ANSWER' });
    if (caller.state !== 6) world.setState(caller, 6);
    this.bridge = world.createBridge();
    world.enterBridge(this.bridge, callee);
    world.enterBridge(this.bridge, caller);
    bridged(world, caller, callee);
    this.phase = 'talking';
    return this;
  }

  /** The callee rejects with SIP 486 Busy Here. */
  busy(): void {
    this.assertPhase('ringing', 'reject');
    this.cancelTimeout?.();
    const { world, caller, callee } = this;
    world.hangupRequest(callee, 17, { techCause: 486 });
    world.dialEvent('DialEnd', caller, callee, { DialStatus: 'BUSY' });
    dialEnded(world, caller, 'BUSY');
    world.hangup(callee, 17, { techCause: 486 });
    world.hangupRequest(caller, 16, { soft: true });
    world.hangup(caller, 17, { techCause: 486 });
    this.end('BUSY');
    this.afterFailedDial('BUSY');
  }

  /** The caller hangs up while it rings (SIP CANCEL). */
  cancel(): void {
    this.assertPhase('ringing', 'cancel');
    this.cancelTimeout?.();
    const { world, caller, callee } = this;
    world.hangupRequest(caller, 127, { techCause: 487 });
    world.dialEvent('DialEnd', caller, callee, { DialStatus: 'CANCEL' });
    world.hangup(callee, 127, { techCause: 500 });
    world.hangupRequest(caller, 16, { soft: true, techCause: 487 });
    world.hangup(caller, 127, { techCause: 487 });
    this.end('NO ANSWER');
  }

  /** Dial's 8 s timeout: DialEnd NOANSWER. */
  timeout(): void {
    if (this.phase !== 'ringing') return;
    const { world, caller, callee } = this;
    world.dialEvent('DialEnd', caller, callee, { DialStatus: 'NOANSWER' });
    dialEnded(world, caller, 'NOANSWER');
    world.hangupRequest(caller, 16, { soft: true });
    world.hangup(callee, 0);
    world.hangup(caller, 16);
    this.end('NO ANSWER');
    this.afterFailedDial('NO ANSWER');
  }

  /**
   * Dial() returned without an answer and the caller ran on to Hangup(): Asterisk writes a
   * second record for that, without party B (busy and no-answer captures). Its disposition
   * comes from the caller's hangup cause, or ANSWERED when the caller was already Up.
   */
  private afterFailedDial(disposition: string): void {
    const caller = this.caller;
    emitCdr(this.world, { caller, callee: undefined, dialString: caller.exten, lastApp: 'Hangup', lastData: '' }, caller.answeredAt === undefined ? disposition : 'ANSWERED');
  }

  /** Either party hangs up a connected call (SIP BYE). */
  hangup(side: Side = 'caller'): void {
    if (this.phase === 'ringing') {
      if (side === 'caller') this.cancel();
      else this.busy();
      return;
    }
    this.assertPhase('talking', 'hang up');
    const { world, caller, callee } = this;
    const first = side === 'caller' ? caller : callee;
    const second = side === 'caller' ? callee : caller;
    world.hangupRequest(first, 16);
    unbridged(world, first, second);
    const bridge = this.bridge;
    if (bridge) {
      world.leaveBridge(bridge, first);
      world.leaveBridge(bridge, second);
      world.destroyBridge(bridge);
    }
    dialEnded(world, caller, 'ANSWER');
    world.hangupRequest(caller, 16, { soft: true });
    world.hangup(first, 16);
    world.hangup(second, 16);
    this.end('ANSWERED');
  }

  /**
   * `side` presses hold (re-INVITE sendonly): Hold on its channel, music on hold on the
   * other one, whose device becomes ONHOLD.
   */
  hold(side: Side = 'caller'): void {
    this.assertPhase('talking', 'hold');
    const [presser, listener] = this.pair(side);
    this.world.emit('Hold', 'call', { ...presser.snapshot(), MusicClass: 'default' });
    listener.hearingMoh = true;
    this.world.emit('MusicOnHoldStart', 'call', { ...listener.snapshot(), Class: 'default' });
    this.world.refreshDevice(listener);
  }

  unhold(side: Side = 'caller'): void {
    this.assertPhase('talking', 'unhold');
    const [presser, listener] = this.pair(side);
    this.world.emit('Unhold', 'call', presser.snapshot());
    if (listener.hearingMoh) {
      listener.hearingMoh = false;
      this.world.emit('MusicOnHoldStop', 'call', listener.snapshot());
      this.world.refreshDevice(listener);
    }
  }

  /** A channel of this call goes away (BYE, AMI Hangup). */
  hangupChannel(channel: SimChannel): void {
    if (this.phase === 'ended') return;
    if (this.phase === 'ringing') {
      if (channel === this.caller) this.cancel();
      else this.busy();
      return;
    }
    this.hangup(channel === this.caller ? 'caller' : 'callee');
  }

  sideOf(channel: SimChannel): Side {
    return channel === this.caller ? 'caller' : 'callee';
  }

  pair(side: Side): [SimChannel, SimChannel] {
    return side === 'caller' ? [this.caller, this.callee] : [this.callee, this.caller];
  }

  /** Marks the call over (used when a transfer hands the legs to a new call). */
  end(disposition: string): void {
    this.cancelTimeout?.();
    if (this.phase !== 'ended') emitCdr(this.world, this, disposition);
    this.phase = 'ended';
  }
}

/** An extension dials an outside number through a trunk (FreePBX outbound route: from-internal, Dial on the trunk). */
export function placeOutboundCall(world: World, from: string, number: string, trunk: string): DialedCall {
  const endpoint = world.endpoints.get(from);
  if (!endpoint) throw new Error(`no endpoint ${from}`);
  sipDigestAuth(world, from);
  const caller = world.createChannel({ endpoint: from, state: 4, callerNum: from, callerName: endpoint.callerName, context: 'from-internal', exten: number });
  world.newexten(caller, 1, 'NoOp', `Outbound call ${from} -> ${number}`);
  return DialedCall.start(world, caller, number, trunk);
}

/** An extension picks up the phone and dials another one. */
export function placeCall(world: World, from: string, to: string): DialedCall {
  const endpoint = world.endpoints.get(from);
  if (!endpoint) throw new Error(`no endpoint ${from}`);
  if (!world.endpoints.has(to)) throw new Error(`no endpoint ${to}`);
  sipDigestAuth(world, from);
  const caller = world.createChannel({
    endpoint: from,
    state: 4,
    callerNum: from,
    callerName: endpoint.callerName,
    context: 'from-internal',
    exten: to,
  });
  world.newexten(caller, 1, 'NoOp', `Internal call ${from} -> ${to}`);
  if (!world.endpoints.get(to)?.registered) {
    // No contact to ring: Dial() fails at once with CHANUNAVAIL and the dialplan ends.
    world.newexten(caller, 2, 'Dial', `PJSIP/${to},8,tT`);
    world.varSet(caller, 'DIALSTATUS', 'CHANUNAVAIL');
    world.hangupRequest(caller, 16, { soft: true });
    world.hangup(caller, 20);
    // No party B was ever created; cause 20 (unregistered) is FAILED in cdr.c.
    emitCdr(world, { caller, callee: undefined, dialString: to, lastApp: 'Hangup', lastData: '' }, 'FAILED');
    throw new Error(`${to} is unavailable (not registered)`);
  }
  return DialedCall.start(world, caller, to);
}
