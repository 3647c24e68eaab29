import type { SimChannel } from './channel';
import type { ActiveCall, CallRegistry } from './call-registry';
import { emitCdr } from './cdr-records';
import { DialedCall } from './internal-call';
import type { World } from './world';

export interface OriginateRequest {
  /** e.g. "PJSIP/1003". */
  channel: string;
  context?: string;
  exten?: string;
  application?: string;
  data?: string;
  callerId?: string;
  /** How long the first leg may ring (Originate `Timeout`, ms; Asterisk's default 30 s). */
  timeoutMs?: number;
}

export type OriginateOutcome =
  | { ok: true; channel: SimChannel; follow?: ActiveCall }
  | { ok: false; reason: number };

/** Splits `"Name" <num>` / `Name <num>` / `num`. */
export function parseCallerId(text: string): { name: string; num: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]*)>\s*$/.exec(text);
  if (match) return { name: match[1] ?? '', num: match[2] ?? '' };
  return { name: '', num: text.trim() };
}

/**
 * Ringing the first leg of an Originate: AppDial2 semantics, so DialBegin/DialState/DialEnd
 * carry only Dest* fields. `onAnswered` runs when the simulated phone picks up.
 */
export function originateFirstLeg(world: World, calls: CallRegistry, request: OriginateRequest, done: (outcome: OriginateOutcome) => void): void {
  const match = /^PJSIP\/(.+)$/i.exec(request.channel);
  const ext = match?.[1];
  const endpoint = ext === undefined ? undefined : world.endpoints.get(ext);
  if (!ext || !endpoint || !endpoint.registered) {
    done({ ok: false, reason: 0 });
    return;
  }
  const leg = world.createChannel({ endpoint: ext, state: 0, callerNum: ext, callerName: endpoint.callerName, context: request.context ?? 'from-internal', exten: 's' });
  if (request.callerId) {
    const cid = parseCallerId(request.callerId);
    leg.callerName = cid.name || leg.callerName;
    leg.callerNum = cid.num || leg.callerNum;
    world.emit('NewCallerid', 'call', { ...leg.snapshot(), 'CID-CallingPres': '0 (Presentation Allowed, Not Screened)' });
    // The phone is told who "calls" it: the same caller id.
    world.setConnected(leg, leg.callerNum, leg.callerName);
  }
  world.dialEvent('DialBegin', undefined, leg, { DialString: ext });
  world.setState(leg, 5);
  world.dialEvent('DialState', undefined, leg, { DialStatus: 'RINGING' });
  let cancelAnswer: () => void = () => undefined;
  let cancelTimeout: () => void = () => undefined;
  const pending: ActiveCall = {
    // The phone rejects the call: OriginateResponse reason 5 (busy).
    hangupChannel: () => {
      cancelAnswer();
      cancelTimeout();
      world.dialEvent('DialEnd', undefined, leg, { DialStatus: 'BUSY' });
      world.hangup(leg, 17);
      done({ ok: false, reason: 5 });
    },
  };
  calls.track(pending, leg);
  cancelTimeout = world.clock.schedule(request.timeoutMs ?? 30_000, () => {
    if (leg.hungUp || leg.state === 6) return;
    cancelAnswer();
    world.dialEvent('DialEnd', undefined, leg, { DialStatus: 'NOANSWER' });
    world.hangup(leg, 0);
    done({ ok: false, reason: 3 });
  });
  if (world.unansweringPhones.has(ext)) return;
  cancelAnswer = world.clock.schedule(world.phoneAnswerDelayMs, () => {
    if (leg.hungUp) return;
    cancelTimeout();
    world.setState(leg, 6);
    world.dialEvent('DialEnd', undefined, leg, { DialStatus: 'ANSWER' });
    done({ ok: true, channel: leg });
  });
}

/** The answered first leg runs the dialplan target: Dial() to the extension. */
export function continueInDialplan(world: World, calls: CallRegistry, leg: SimChannel, exten: string, answerAfterMs?: number): DialedCall | undefined {
  if (!world.endpoints.has(exten)) {
    world.hangupRequest(leg, 16, { soft: true });
    world.hangup(leg, 16);
    return undefined;
  }
  leg.exten = exten;
  const call = DialedCall.start(world, leg, exten);
  calls.track(call, leg, call.callee);
  if (answerAfterMs !== undefined) world.clock.schedule(answerAfterMs, () => call.phase === 'ringing' && call.answer());
  return call;
}

/** ChanSpy(<target>,<options>) running on an answered spyer channel. */
export class SpySession implements ActiveCall {
  ended = false;

  constructor(
    readonly world: World,
    readonly spyer: SimChannel,
    readonly spyee: SimChannel,
    readonly options: string,
  ) {
    world.newexten(spyer, 1, 'ChanSpy', `${spyee.name},${options}`);
    world.emit('ChanSpyStart', 'call', { ...spyer.snapshot('Spyer'), ...spyee.snapshot('Spyee') });
  }

  get mode(): 'listen' | 'whisper' | 'barge' {
    if (this.options.includes('B')) return 'barge';
    return this.options.includes('w') ? 'whisper' : 'listen';
  }

  /** The supervisor hangs up. */
  hangupChannel(): void {
    this.stop(true);
  }

  /** `E`: ends when the spied channel hangs up. */
  spyeeGone(): void {
    if (this.options.includes('E')) this.stop(false);
  }

  private stop(byRequest: boolean): void {
    if (this.ended) return;
    this.ended = true;
    const { world, spyer, spyee } = this;
    if (byRequest) world.hangupRequest(spyer, 0, { omitCause: true });
    world.emit('ChanSpyStop', 'call', { ...spyer.snapshot('Spyer'), ...spyee.snapshot('Spyee') });
    emitCdr(world, { caller: spyer, callee: undefined, dialString: 's', lastApp: 'ChanSpy', lastData: `${spyee.name},${this.options}` }, 'ANSWERED');
    world.hangup(spyer, 0);
  }
}

/** Finds the ChanSpy target: exact name or uniqueid with `u`, otherwise a name prefix. */
export function findSpyee(world: World, target: string, options: string): SimChannel | undefined {
  if (options.includes('u')) return world.findChannel(target);
  return [...world.channels.values()].find((c) => c.name.startsWith(target));
}
