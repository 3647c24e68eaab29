import { Inviter, UserAgent, SIPExtension } from 'sip.js';
import type { Invitation, Referral, SessionDescriptionHandlerModifier, URI, Web } from 'sip.js';
import { CallRecovery } from './call-recovery';
import { CallState } from '../state/call-state';
import { checkDialTarget } from './dial-target';
import { PhoneCall, CallActionError, type CallContext, type CallRole, type CallSnapshot } from './phone-call';
import { resolvePhoneConfig, type DtmfMode, type PhoneConfig, type ResolvedPhoneConfig } from './phone-config';
import { PhoneRegistration, type RegistrationSnapshot } from './phone-registration';
import { RegistrationState } from '../state/registration-state';
import { codecModifier } from './sdp-codecs';
import { TypedEmitter } from './typed-emitter';
import { ConferenceMixer } from '../media/conference-mixer';
import { raceTimeout, type BackoffOptions } from './backoff';

export interface PhoneSnapshot {
  registration: RegistrationSnapshot;
  /** Live calls first in creation order, then at most the last ended call (for its outcome). */
  calls: CallSnapshot[];
  conference: boolean;
}

export interface PhoneEvents {
  change: PhoneSnapshot;
  incoming: CallSnapshot;
  'dtmf-received': { callId: string; tone: string };
  'dtmf-sent': { callId: string; tone: string; via: DtmfMode };
}

/** Chosen devices; empty string means the browser default. */
export interface PhoneDeviceChoice {
  micId: string;
  speakerId: string;
}

export interface PhoneOptions {
  backoff?: BackoffOptions;
  /** How long `stop()` waits for SIP.js to close: `ua.stop()` can hang 20–30 s in Disconnecting. */
  stopTimeoutMs?: number;
  /**
   * How long an answered call waits for the WebSocket to come back and its dialog to be
   * refreshed after a drop; then it ends with a "connection lost" message.
   */
  callRecoveryMs?: number;
}


/** Two sessions cover call waiting and attended transfer; a third caller hears busy. */
export const MAX_CALLS = 2;

/** After an attended transfer the target replaces our consultation leg; we hang it up after this if not. */
const REPLACED_LEG_GRACE_MS = 5000;

/**
 * The browser phone: one SIP.js UserAgent, its registration and up to two calls.
 * The only place (with its helpers in this folder) that touches SIP.js.
 */
export class Phone {
  readonly config: ResolvedPhoneConfig;
  readonly events = new TypedEmitter<PhoneEvents>();
  readonly #ua: UserAgent;
  readonly #registration: PhoneRegistration;
  readonly #modifiers: SessionDescriptionHandlerModifier[];
  readonly #mixer = new ConferenceMixer();
  #calls: PhoneCall[] = [];
  #lastEnded: PhoneCall | null = null;
  #devices: PhoneDeviceChoice = { micId: '', speakerId: '' };
  readonly #stopTimeoutMs: number;
  readonly #recovery: CallRecovery;
  readonly #context: CallContext;

  constructor(config: PhoneConfig, options: PhoneOptions = {}) {
    this.config = resolvePhoneConfig(config);
    this.#stopTimeoutMs = options.stopTimeoutMs ?? 3000;
    this.#recovery = new CallRecovery(() => this.#calls, {
      recoveryMs: options.callRecoveryMs,
      connected: () => this.#ua.isConnected(),
      // While a call waits for the connection, registration retries every second or two.
      onWaitingChange: (waiting) => this.#registration.setUrgent(waiting),
    });
    this.#modifiers = [codecModifier(this.config.codecPreference)];
    this.#context = this.#callContext();
    const uri = UserAgent.makeURI(`sip:${this.config.extension}@${this.config.domain}`);
    if (!uri) throw new Error(`Cannot build a SIP URI for ${this.config.extension}@${this.config.domain}`);
    this.#ua = new UserAgent({
      uri,
      transportOptions: { server: this.config.server },
      authorizationUsername: this.config.username,
      authorizationPassword: this.config.password,
      displayName: this.config.displayName,
      sipExtensionReplaces: SIPExtension.Supported,
      userAgentString: 'OnDeck softphone',
      logBuiltinEnabled: false,
      logLevel: 'warn',
      // SIP.js reports recoverable trouble (a refused re-INVITE, a closed socket) at error
      // level; we surface those as states, so they are warnings in the console.
      logConnector: (level, category, _label, content) => {
        if (level === 'warn' || level === 'error') console.warn(`[sip.js ${category}] ${content}`);
      },
      sessionDescriptionHandlerFactoryOptions: {
        peerConnectionConfiguration: { iceServers: this.config.iceServers },
        iceGatheringTimeout: this.config.iceGatheringTimeoutMs,
      },
      delegate: {
        onConnect: () => this.#registration.onConnect(),
        onDisconnect: (error) => {
          this.#registration.onDisconnect(error);
          if (error) this.#recovery.transportLost();
        },
        onInvite: (invitation) => this.#onInvite(invitation),
      },
    });
    this.#registration = new PhoneRegistration(
      this.#ua,
      this.config.server,
      this.config.registerExpires,
      () => this.#onRegistrationChange(),
      options.backoff,
    );
  }

  snapshot(): PhoneSnapshot {
    const calls = this.#calls.map((call) => call.snapshot());
    if (this.#lastEnded) calls.push(this.#lastEnded.snapshot());
    return { registration: this.#registration.snapshot(), calls, conference: this.#mixer.active };
  }

  /** The call the keypad and buttons act on: the talking one, else the newest live one. */
  get currentCall(): PhoneCall | undefined {
    return this.#calls.find((call) => call.state === CallState.Talking || call.state === CallState.Conference) ?? this.#calls.at(-1);
  }

  call(id?: string): PhoneCall {
    const call = id ? this.#calls.find((candidate) => candidate.id === id) : this.currentCall;
    if (!call) throw new CallActionError(id ? `No call ${id}` : 'There is no call');
    return call;
  }

  start(): Promise<void> {
    return this.#registration.start();
  }

  /** Hangs up, unregisters and closes the socket, never waiting longer than the stop timeout. */
  async stop(): Promise<void> {
    this.#recovery.stop();
    await Promise.all(this.#calls.map((call) => call.hangup().catch(() => undefined)));
    await this.#registration.stop();
    await raceTimeout(this.#ua.stop().catch(() => undefined), this.#stopTimeoutMs);
    this.#mixer.stop();
  }

  /** DTMF mode for the next digits sent (e.g. from the settings panel). */
  setDtmfMode(mode: DtmfMode): void {
    this.#context.dtmfMode = mode;
  }

  setDevices(choice: PhoneDeviceChoice): void {
    this.#devices = { ...choice };
    for (const call of this.#calls) call.remoteAudio?.setSink(choice.speakerId).catch(() => undefined);
  }

  /** Dials `input` after validating it; a live call is put on hold first. */
  async dial(input: string, role: CallRole = 'normal'): Promise<PhoneCall> {
    const target = checkDialTarget(input);
    if (!target.ok) throw new CallActionError(target.reason);
    if (this.#calls.length >= MAX_CALLS) throw new CallActionError('Finish one of the two calls first');
    const active = this.#calls.find((call) => call.state === CallState.Talking);
    if (active && role === 'normal') await active.hold();
    const inviter = new Inviter(this.#ua, this.#uriFor(target.user), {
      sessionDescriptionHandlerOptions: this.#mediaOptions(),
      sessionDescriptionHandlerModifiers: this.#modifiers,
      sessionDescriptionHandlerModifiersReInvite: this.#modifiers,
    });
    const call = this.#track(new PhoneCall(inviter, 'outbound', this.#context, role));
    await call.dial();
    return call;
  }

  /** Answers a ringing call; the call we were talking on goes on hold (call waiting). */
  async answer(id?: string): Promise<void> {
    const call = id ? this.call(id) : this.#calls.find((candidate) => candidate.state === CallState.RingingIn);
    if (!call) throw new CallActionError('No call is ringing');
    const active = this.#calls.find((candidate) => candidate !== call && candidate.state === CallState.Talking);
    if (active) await active.hold();
    call.session.sessionDescriptionHandlerModifiersReInvite = this.#modifiers;
    await call.answer();
  }

  async decline(id?: string, statusCode: 486 | 603 = 603): Promise<void> {
    const call = id ? this.call(id) : this.#calls.find((candidate) => candidate.state === CallState.RingingIn);
    if (!call) throw new CallActionError('No call is ringing');
    await call.decline(statusCode);
  }

  hangup(id?: string): Promise<void> {
    return this.call(id).hangup();
  }

  hold(id?: string): Promise<void> {
    return this.call(id).hold();
  }

  async resume(id?: string): Promise<void> {
    const call = this.call(id);
    const other = this.#calls.find((candidate) => candidate !== call && candidate.state === CallState.Talking);
    if (other) await other.hold();
    await call.resume();
  }

  setMuted(muted: boolean, id?: string): void {
    const call = this.call(id);
    if (!this.#mixer.active) {
      call.setMuted(muted);
      return;
    }
    // In a conference the sender carries the mix: silence only the microphone inside it.
    this.#mixer.setMicMuted(muted);
    for (const leg of this.#calls) if (leg.state === CallState.Conference) leg.setMuted(muted);
  }

  sendDtmf(tones: string, id?: string): Promise<void> {
    return this.call(id).sendDtmf(tones);
  }

  /** Blind transfer (REFER) of the current call to `input`. */
  blindTransfer(input: string, id?: string): Promise<void> {
    const target = checkDialTarget(input);
    if (!target.ok) return Promise.reject(new CallActionError(target.reason));
    return this.call(id).transferTo(this.#uriFor(target.user), target.user);
  }

  /** Attended transfer, step 1: hold the current call and ring the target as a consultation. */
  async startConsultation(input: string): Promise<PhoneCall> {
    const original = this.#calls.find((call) => call.state === CallState.Talking || call.state === CallState.Held);
    if (!original) throw new CallActionError('There is no call to transfer');
    if (original.state === CallState.Talking) await original.holdMedia(true);
    original.setState(CallState.Consulting);
    try {
      return await this.dial(input, 'consultation');
    } catch (error) {
      await original.resume();
      throw error;
    }
  }

  /** Attended transfer, step 2: REFER with Replaces joins the held caller to the consultation. */
  async completeTransfer(): Promise<void> {
    const { original, consultation } = this.#consultPair();
    if (consultation.state !== CallState.Talking) throw new CallActionError('The consultation is not answered yet');
    await original.transferTo(consultation, consultation.remoteUser);
    // The target's phone replaces our leg and hangs it up; if it does not, we do.
    consultation.endLater(REPLACED_LEG_GRACE_MS);
  }

  /** Attended transfer abandoned: hang up the consultation and take the caller back. */
  async cancelConsultation(): Promise<void> {
    const { original, consultation } = this.#consultPair();
    if (consultation.isLive) await consultation.hangup();
    await original.resume();
  }

  /**
   * Three-way conference: both legs are resumed and mixed in this browser (see
   * ConferenceMixer for why), so no conference bridge on the PBX is needed.
   */
  async mergeConference(): Promise<void> {
    const legs = this.#calls.filter((call) => call.isLive && call.answeredAt !== null);
    const [first, second] = legs;
    if (!first || !second) throw new CallActionError('A conference needs two connected calls');
    for (const leg of legs) if (leg.mediaHeld) await leg.holdMedia(false);
    // The mix takes each leg's microphone track as it is: merging starts unmuted.
    for (const leg of legs) if (leg.muted) leg.setMuted(false);
    const connections = legs.map((leg) => leg.peerConnection);
    const [pcA, pcB] = connections;
    if (!pcA || !pcB) throw new CallActionError('A call has no media');
    await this.#mixer.start(pcA, pcB);
    for (const leg of legs) {
      leg.setMixed(true);
      leg.setState(CallState.Conference);
    }
  }

  #consultPair(): { original: PhoneCall; consultation: PhoneCall } {
    const original = this.#calls.find((call) => call.state === CallState.Consulting);
    const consultation = this.#calls.find((call) => call.role === 'consultation' && call.isLive);
    if (!original || !consultation) throw new CallActionError('There is no consultation in progress');
    return { original, consultation };
  }

  #callContext(): CallContext {
    return {
    modifiers: this.#modifiers,
    mediaOptions: () => this.#mediaOptions(),
    dtmfMode: this.config.dtmfMode,
    speakerId: () => this.#devices.speakerId,
    changed: (call) => this.#onCallChanged(call),
    dtmfReceived: (call, tone) => this.events.emit('dtmf-received', { callId: call.id, tone }),
    dtmfSent: (call, tone, via) => this.events.emit('dtmf-sent', { callId: call.id, tone, via }),
    referred: (call, referral) => this.#onReferred(call, referral),
    abandoned: (call) => this.#recovery.abandoned(call),
    };
  }

  #mediaOptions(): Web.SessionDescriptionHandlerOptions {
    const audio: MediaTrackConstraints | boolean = this.#devices.micId ? { deviceId: { exact: this.#devices.micId } } : true;
    return { constraints: { audio, video: false } };
  }

  #uriFor(user: string): URI {
    const uri = UserAgent.makeURI(`sip:${user}@${this.config.domain}`);
    if (!uri) throw new CallActionError(`Cannot address ${user}`);
    return uri;
  }

  #track(call: PhoneCall): PhoneCall {
    this.#calls.push(call);
    this.#emitChange();
    return call;
  }

  #onInvite(invitation: Invitation): void {
    const replaced = invitation.replacee ? this.#calls.find((call) => call.session === invitation.replacee) : undefined;
    if (!replaced && this.#calls.length >= MAX_CALLS) {
      invitation.reject({ statusCode: 486 }).catch(() => undefined);
      return;
    }
    const call = this.#track(new PhoneCall(invitation, 'inbound', this.#context));
    if (replaced) {
      // Attended transfer arriving: take over the replaced leg without ringing (SIP.js BYEs it).
      replaced.outcome = { code: 200, kind: 'replaced', message: `Transferred: now talking to ${call.remoteUser}` };
      call.session.sessionDescriptionHandlerModifiersReInvite = this.#modifiers;
      call.answer().catch(() => undefined);
      return;
    }
    this.events.emit('incoming', call.snapshot());
  }

  /** We are the transferee: follow the REFER by calling the target (SIP.js sends the NOTIFYs). */
  #onReferred(call: PhoneCall, referral: Referral): void {
    if (this.#calls.length >= MAX_CALLS) {
      referral.reject().catch(() => undefined);
      return;
    }
    referral
      .accept()
      .then(() => {
        const inviter = referral.makeInviter({
          sessionDescriptionHandlerOptions: this.#mediaOptions(),
          sessionDescriptionHandlerModifiers: this.#modifiers,
          sessionDescriptionHandlerModifiersReInvite: this.#modifiers,
        });
        return this.#track(new PhoneCall(inviter, 'outbound', this.#context)).dial();
      })
      .catch((error: unknown) => console.warn('phone: could not follow a transfer', error, call.id));
  }

  #onCallChanged(call: PhoneCall): void {
    if (call.state === CallState.Ended) {
      this.#calls = this.#calls.filter((candidate) => candidate !== call);
      this.#lastEnded = call;
      this.#afterCallEnded();
    }
    this.#recovery.callsChanged();
    this.#emitChange();
  }

  #onRegistrationChange(): void {
    // The registration exists once the constructor has run; SIP.js cannot call back earlier.
    if (this.#registration?.machine.state === RegistrationState.Registered) this.#recovery.registered();
    this.#emitChange();
  }

  /** A conference with one leg left is a plain call again. */
  #afterCallEnded(): void {
    if (!this.#mixer.active) return;
    const conferenceLegs = this.#calls.filter((call) => call.state === CallState.Conference);
    if (conferenceLegs.length >= 2) return;
    this.#mixer.stop();
    for (const leg of conferenceLegs) {
      leg.setMixed(false);
      leg.setState(CallState.Talking);
    }
  }

  #emitChange(): void {
    this.events.emit('change', this.snapshot());
  }
}
