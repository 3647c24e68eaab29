import { Invitation, Inviter, SessionState } from 'sip.js';
import type { Info, Referral, Session, SessionDescriptionHandlerModifier, URI, Web } from 'sip.js';
import { CallLink, CallLinkMachine, refreshVerdict } from '../state/call-link';
import { CallMachine, CallState } from '../state/call-state';
import { referAndFollow, replacesUriFor, type TransferProgress } from './call-transfer';
import { describeMediaError, dtmfFromInfoBody, outcomeFromStatus, type CallOutcome } from './call-outcome';
import { isDtmfTone } from './dial-target';
import type { DtmfMode } from './phone-config';
import { RemoteAudio } from '../media/remote-audio';
import { assertedIdentity, type RemoteIdentity } from './remote-identity';

export type CallDirection = 'inbound' | 'outbound';
export type { TransferProgress };

/** `consultation`: the second call of an attended transfer. */
export type CallRole = 'normal' | 'consultation';


/** Plain data for stores and tests; never holds SIP.js objects. */
export interface CallSnapshot {
  id: string;
  direction: CallDirection;
  role: CallRole;
  state: CallState;
  remoteUser: string;
  remoteName: string;
  /** True once the far end rings (180/183) on an outgoing call. */
  remoteRinging: boolean;
  muted: boolean;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  outcome: CallOutcome | null;
  transfer: TransferProgress | null;
  /** Whether signalling still reaches the far end (see call-link.ts); media may flow regardless. */
  link: CallLink;
}

/** What a call needs from the phone that owns it. */
export interface CallContext {
  modifiers: SessionDescriptionHandlerModifier[];
  mediaOptions(): Web.SessionDescriptionHandlerOptions;
  dtmfMode: DtmfMode;
  speakerId(): string;
  changed(call: PhoneCall): void;
  dtmfReceived(call: PhoneCall, tone: string): void;
  dtmfSent(call: PhoneCall, tone: string, via: DtmfMode): void;
  referred(call: PhoneCall, referral: Referral): void;
  /** The call gave up its dialog without signalling; the phone ends it at the far end when it can. */
  abandoned(call: PhoneCall): void;
}

/** Thrown by call operations; `outcome` says what went wrong in operator words. */
export class CallActionError extends Error {
  constructor(
    message: string,
    readonly outcome?: CallOutcome,
  ) {
    super(message);
    this.name = 'CallActionError';
  }
}

let nextId = 1;

/** One SIP session with its media: answer, hold, mute, DTMF and transfer. */
export class PhoneCall {
  readonly id = `call-${nextId++}`;
  readonly machine = new CallMachine();
  readonly link = new CallLinkMachine();
  readonly startedAt = Date.now();
  answeredAt: number | null = null;
  endedAt: number | null = null;
  outcome: CallOutcome | null = null;
  transfer: TransferProgress | null = null;
  remoteRinging = false;
  muted = false;
  /** Media direction, independent of the displayed state (consulting and held both hold media). */
  mediaHeld = false;
  /** In a conference the sender track is the mix; mute happens inside the mixer instead. */
  #mixedSender = false;
  #audio: RemoteAudio | null = null;
  /** Set once the PBX asserts a new far end in the dialog (after a transfer); wins over the INVITE's. */
  #identity: RemoteIdentity | null = null;
  /** Pending "hang up if still live" (endLater) or glare pause; cleared when the call ends. */
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly session: Session,
    readonly direction: CallDirection,
    private readonly context: CallContext,
    readonly role: CallRole = 'normal',
  ) {
    this.machine.transition(direction === 'inbound' ? CallState.RingingIn : CallState.RingingOut);
    session.delegate = {
      onInfo: (info) => this.#onInfo(info),
      onRefer: (referral) => context.referred(this, referral),
      onInvite: (request) => this.#onReInvite((name) => request.getHeader(name)),
    };
    session.stateChange.addListener((state) => this.#onSessionState(state));
  }

  get state(): CallState {
    return this.machine.state;
  }

  get remoteUser(): string {
    return this.#identity?.user ?? this.session.remoteIdentity.uri.user ?? '';
  }

  get remoteName(): string {
    return this.#identity?.name ?? this.session.remoteIdentity.displayName ?? '';
  }

  get isLive(): boolean {
    return this.state !== CallState.Ended;
  }

  get peerConnection(): RTCPeerConnection | undefined {
    return this.#handler()?.peerConnection;
  }

  get remoteAudio(): RemoteAudio | null {
    return this.#audio;
  }

  snapshot(): CallSnapshot {
    return {
      id: this.id,
      direction: this.direction,
      role: this.role,
      state: this.state,
      remoteUser: this.remoteUser,
      remoteName: this.remoteName,
      remoteRinging: this.remoteRinging,
      muted: this.muted,
      startedAt: this.startedAt,
      answeredAt: this.answeredAt,
      endedAt: this.endedAt,
      outcome: this.outcome,
      transfer: this.transfer,
      link: this.link.state,
    };
  }

  /** Moves the displayed state; throws on moves the call diagram forbids. */
  setState(to: CallState): void {
    this.machine.transition(to);
    this.context.changed(this);
  }

  /** Sends the INVITE of an outgoing call; failures end the call with their meaning. */
  async dial(): Promise<void> {
    if (!(this.session instanceof Inviter)) throw new CallActionError('Only outgoing calls dial');
    try {
      await this.session.invite({
        requestDelegate: {
          onProgress: (response) => {
            const code = response.message.statusCode ?? 0;
            if (code === 180 || code === 183) this.#update(() => (this.remoteRinging = true));
          },
          onReject: (response) => {
            const code = response.message.statusCode ?? 0;
            const reason = response.message.getHeader('reason');
            this.#update(() => (this.outcome = outcomeFromStatus(code, response.message.reasonPhrase, reason)));
          },
        },
      });
    } catch (error) {
      this.outcome ??= describeMediaError(error);
      this.#end();
    }
  }

  async answer(): Promise<void> {
    if (!(this.session instanceof Invitation)) throw new CallActionError('Only incoming calls can be answered');
    if (this.state !== CallState.RingingIn) throw new CallActionError(`Cannot answer a call that is ${this.state}`);
    try {
      await this.session.accept({
        sessionDescriptionHandlerOptions: this.context.mediaOptions(),
        sessionDescriptionHandlerModifiers: this.context.modifiers,
      });
    } catch (error) {
      this.outcome = describeMediaError(error);
      // Tell the caller we could not take it rather than leave them ringing.
      if (this.session.state === SessionState.Initial || this.session.state === SessionState.Establishing) {
        await this.session.reject({ statusCode: 480 }).catch(() => undefined);
      }
      this.#end();
      throw new CallActionError(this.outcome.message, this.outcome);
    }
  }

  /** Refuses a ringing incoming call; 603 Decline by default, 486 to say busy. */
  async decline(statusCode: 486 | 603 = 603): Promise<void> {
    if (!(this.session instanceof Invitation)) throw new CallActionError('Only incoming calls can be declined');
    if (this.state !== CallState.RingingIn) throw new CallActionError(`Cannot decline a call that is ${this.state}`);
    this.outcome = { code: statusCode, kind: 'declined', message: 'You declined the call' };
    await this.session.reject({ statusCode });
  }

  /** Ends the call whatever its stage: CANCEL, reject or BYE. */
  async hangup(): Promise<void> {
    const session = this.session;
    switch (session.state) {
      case SessionState.Initial:
      case SessionState.Establishing:
        if (session instanceof Inviter) await session.cancel();
        else if (session instanceof Invitation) await session.reject({ statusCode: 486 });
        return;
      case SessionState.Established:
        await session.bye();
        return;
      default:
        this.#end();
    }
  }

  /**
   * Holds or resumes media: re-INVITE with `hold`, then (after the 200) disable or enable the
   * tracks, because Asterisk keeps hearing the microphone on a sendonly stream otherwise.
   */
  async holdMedia(hold: boolean): Promise<void> {
    if (this.session.state !== SessionState.Established) throw new CallActionError('The call is not connected');
    if (this.mediaHeld === hold) return;
    await new Promise<void>((resolve, reject) => {
      this.session
        .invite({
          sessionDescriptionHandlerOptions: { hold } as Web.SessionDescriptionHandlerOptions,
          sessionDescriptionHandlerModifiers: this.context.modifiers,
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (response) => {
              const outcome = outcomeFromStatus(response.message.statusCode ?? 0, response.message.reasonPhrase);
              reject(new CallActionError(`${hold ? 'Hold' : 'Resume'} failed: ${outcome.message}`, outcome));
            },
          },
        })
        .catch(reject);
    });
    this.mediaHeld = hold;
    this.#applyTrackEnables();
  }

  async hold(): Promise<void> {
    if (this.state !== CallState.Talking) throw new CallActionError(`Cannot hold a call that is ${this.state}`);
    await this.holdMedia(true);
    this.setState(CallState.Held);
  }

  async resume(): Promise<void> {
    if (this.state !== CallState.Held && this.state !== CallState.Consulting) {
      throw new CallActionError(`Cannot resume a call that is ${this.state}`);
    }
    await this.holdMedia(false);
    this.setState(CallState.Talking);
  }

  /** Hangs up after `ms` unless the call ended before (its timer goes with it). */
  endLater(ms: number): void {
    this.#clearTimer();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.isLive) this.hangup().catch(() => undefined);
    }, ms);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Marks the sender as carrying the conference mix (or our own microphone again). */
  setMixed(mixed: boolean): void {
    this.#mixedSender = mixed;
    this.#applyTrackEnables();
  }

  /** Mute silences what we send by disabling the sender track; the far end hears silence. */
  setMuted(muted: boolean): void {
    this.muted = muted;
    this.#applyTrackEnables();
    this.context.changed(this);
  }

  /** Sends DTMF through RFC 4733 (RTCDTMFSender) or SIP INFO, as configured. */
  async sendDtmf(tones: string): Promise<void> {
    if (this.session.state !== SessionState.Established) throw new CallActionError('The call is not connected');
    const list = [...tones];
    if (list.length === 0 || !list.every(isDtmfTone)) throw new CallActionError(`Not DTMF: ${tones}`);
    if (this.context.dtmfMode === 'rfc4733') {
      // tonechange events report each tone as it is actually played (see #watchDtmfSender).
      if (!this.#handler()?.sendDtmf(tones, { duration: 120, interToneGap: 70 })) {
        throw new CallActionError('This call cannot send RFC 4733 DTMF');
      }
      return;
    }
    for (const tone of list) {
      await this.session.info({
        requestOptions: {
          body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${tone}\r\nDuration=120\r\n` },
        },
      });
      this.context.dtmfSent(this, tone, 'info');
    }
  }

  /**
   * Transfers by REFER (see call-transfer.ts); `target` is a URI (blind) or another
   * established call (attended, REFER with Replaces). On success this call hangs up.
   */
  async transferTo(target: URI | PhoneCall, label: string): Promise<void> {
    const referTo = target instanceof PhoneCall ? replacesUriFor(target.session) : target;
    const code = await referAndFollow(this.session, referTo, label, (progress) => this.#update(() => (this.transfer = progress)));
    this.outcome = { code, kind: 'transferred', message: `Transferred to ${label}` };
    this.hangup().catch(() => undefined);
  }

  /**
   * The WebSocket to the PBX dropped. An answered call waits for the transport to come back
   * (its media keeps flowing peer to peer); one still ringing cannot be completed any more,
   * because its final response would travel the dead connection.
   */
  transportLost(): void {
    if (!this.isLive || this.link.state === CallLink.Lost) return;
    if (this.session.state !== SessionState.Established) {
      this.dropForLostConnection();
      return;
    }
    if (this.link.state !== CallLink.Reconnecting) this.#update(() => this.link.transition(CallLink.Reconnecting));
  }

  /**
   * Registered again after a drop: a re-INVITE refreshes the dialog's target (our new Contact,
   * reached over the new connection). A 2xx keeps the call; glare is retried; anything else ends
   * it with a clear message.
   */
  async refreshAfterReconnect(): Promise<void> {
    if (!this.isLive || this.link.state !== CallLink.Reconnecting) return;
    this.#update(() => this.link.transition(CallLink.Refreshing));
    for (let attempt = 1; ; attempt += 1) {
      const code = await this.#sendTargetRefresh();
      // A second drop (or the recovery timer) took over while we waited.
      if (!this.#stillRefreshing()) return;
      const verdict = code === 0 ? 'lost' : refreshVerdict(code, attempt);
      if (verdict === 'kept') {
        this.#update(() => this.link.transition(CallLink.Connected));
        return;
      }
      if (verdict === 'lost') {
        this.dropForLostConnection(code === 0 ? undefined : code);
        return;
      }
      await new Promise<void>((resolve) => {
        this.#clearTimer();
        this.#timer = setTimeout(resolve, 500 + Math.random() * 1500);
      });
      if (!this.#stillRefreshing()) return;
    }
  }

  /** Ends the call because its signalling could not be restored; the message says so. */
  dropForLostConnection(statusCode?: number): void {
    if (!this.isLive) return;
    if (this.link.state !== CallLink.Lost) this.link.transition(CallLink.Lost);
    const answered = this.answeredAt !== null;
    const detail = statusCode ? ` (the PBX answered ${statusCode})` : '';
    this.outcome = {
      code: statusCode ?? 0,
      kind: 'connection-lost',
      message: answered
        ? `The call dropped: the connection to the PBX was lost and the call could not be kept${detail}. Call again.`
        : 'The call could not be connected: the connection to the PBX dropped. Try again.',
    };
    // The BYE or CANCEL may have no way out now: the phone sends it once it can (CallRecovery).
    this.#end();
    this.context.abandoned(this);
  }

  /**
   * Ends the dialog at the far end whatever its stage: BYE when established, CANCEL while our
   * INVITE rings, 480 for an incoming call we never answered. Used for dialogs the phone gave up
   * while the WebSocket was down; never rejects.
   */
  async endDialog(): Promise<void> {
    const session = this.session;
    try {
      if (session.state === SessionState.Established) await session.bye();
      else if (session.state === SessionState.Initial || session.state === SessionState.Establishing) {
        if (session instanceof Inviter) await session.cancel();
        else if (session instanceof Invitation) await session.reject({ statusCode: 480 });
      }
    } catch (error) {
      console.warn('phone: could not end an abandoned dialog', this.id, error);
    }
  }

  /** Ends the call locally without signalling (session already gone, or replaced). */
  markEnded(outcome: CallOutcome | null): void {
    if (outcome) this.outcome = outcome;
    this.#end();
  }

  #stillRefreshing(): boolean {
    return this.isLive && this.link.state === CallLink.Refreshing;
  }

  /** One re-INVITE with the current hold state; resolves with its final status, 0 if it could not be sent. */
  #sendTargetRefresh(): Promise<number> {
    return new Promise<number>((resolve) => {
      this.session
        .invite({
          sessionDescriptionHandlerOptions: { hold: this.mediaHeld } as Web.SessionDescriptionHandlerOptions,
          sessionDescriptionHandlerModifiers: this.context.modifiers,
          requestDelegate: {
            onAccept: (response) => resolve(response.message.statusCode ?? 200),
            onReject: (response) => resolve(response.message.statusCode ?? 500),
          },
        })
        .catch(() => resolve(0));
    });
  }

  #handler(): Web.SessionDescriptionHandler | undefined {
    return this.session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
  }

  #applyTrackEnables(): void {
    const handler = this.#handler();
    if (!handler) return;
    handler.enableSenderTracks(!this.mediaHeld && (this.#mixedSender || !this.muted));
    handler.enableReceiverTracks(!this.mediaHeld);
  }

  #onSessionState(state: SessionState): void {
    if (state === SessionState.Established) {
      if (this.state === CallState.RingingIn || this.state === CallState.RingingOut) {
        this.answeredAt = Date.now();
        this.#startMedia();
        this.setState(CallState.Talking);
      }
    } else if (state === SessionState.Terminated) {
      this.#end();
    }
  }

  #startMedia(): void {
    const handler = this.#handler();
    if (!handler) return;
    this.#audio = new RemoteAudio(this.id);
    this.#audio.play(handler.remoteMediaStream);
    this.#audio.setSink(this.context.speakerId()).catch(() => undefined);
    this.#watchDtmfSender(handler);
  }

  #watchDtmfSender(handler: Web.SessionDescriptionHandler): void {
    const sender = handler.peerConnection?.getSenders()[0];
    sender?.dtmf?.addEventListener('tonechange', (event) => {
      if (event.tone) this.context.dtmfSent(this, event.tone, 'rfc4733');
    });
  }

  /** An in-dialog re-INVITE from the far end: after a transfer it names the new party. */
  #onReInvite(header: (name: string) => string | undefined): void {
    const next = assertedIdentity(header, { user: this.remoteUser, name: this.remoteName });
    if (next) this.#update(() => (this.#identity = next));
  }

  #onInfo(info: Info): void {
    info.accept().catch(() => undefined);
    const request = info.request;
    const tone = dtmfFromInfoBody(request.getHeader('content-type') ?? '', request.body);
    if (tone) this.context.dtmfReceived(this, tone);
  }

  #end(): void {
    if (this.state === CallState.Ended) return;
    this.#clearTimer();
    this.endedAt = Date.now();
    this.#audio?.dispose();
    this.#audio = null;
    if (this.state === CallState.RingingIn && !this.outcome) {
      this.outcome = { code: 487, kind: 'missed', message: 'Missed call' };
    }
    this.setState(CallState.Ended);
  }

  #update(change: () => void): void {
    change();
    this.context.changed(this);
  }
}
