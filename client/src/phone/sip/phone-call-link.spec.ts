import { afterEach, describe, expect, it, vi, type Mock } from 'vitest';
import { SessionState } from 'sip.js';
import type { Session } from 'sip.js';
import { CallLink } from '../state/call-link';
import { CallState } from '../state/call-state';
import { PhoneCall, type CallContext } from './phone-call';

interface InviteOptions {
  sessionDescriptionHandlerOptions?: { hold?: boolean };
  requestDelegate?: {
    onAccept?: (response: { message: { statusCode: number } }) => void;
    onReject?: (response: { message: { statusCode: number } }) => void;
  };
}

/** The slice of a SIP.js Session that PhoneCall uses for an answered call. */
class FakeSession {
  state: SessionState = SessionState.Establishing;
  delegate: unknown;
  readonly remoteIdentity = { uri: { user: '1003' }, displayName: 'Ben' };
  readonly sessionDescriptionHandler = undefined;
  readonly stateChange = { addListener: (listener: (state: SessionState) => void) => this.#listeners.push(listener) };
  readonly invites: InviteOptions[] = [];
  /** Final status for each coming re-INVITE; `null` leaves it unanswered. */
  readonly answers: Array<number | null> = [];
  byes = 0;
  #listeners: Array<(state: SessionState) => void> = [];

  moveTo(state: SessionState): void {
    this.state = state;
    for (const listener of this.#listeners) listener(state);
  }

  invite(options: InviteOptions): Promise<void> {
    this.invites.push(options);
    const code = this.answers.shift();
    if (code === undefined) return Promise.reject(new Error('no answer scripted'));
    if (code !== null) {
      queueMicrotask(() => {
        const response = { message: { statusCode: code } };
        if (code < 300) options.requestDelegate?.onAccept?.(response);
        else options.requestDelegate?.onReject?.(response);
      });
    }
    return Promise.resolve();
  }

  bye(): Promise<void> {
    this.byes += 1;
    this.moveTo(SessionState.Terminated);
    return Promise.resolve();
  }
}

/** The call's context with `abandoned` kept as a mock, so a test can ask what the call reported. */
interface TestCallContext extends CallContext {
  abandoned: Mock<(call: PhoneCall) => void>;
}

function context(): TestCallContext {
  return {
    modifiers: [],
    mediaOptions: () => ({}),
    dtmfMode: 'rfc4733',
    speakerId: () => '',
    changed: vi.fn(),
    dtmfReceived: vi.fn(),
    dtmfSent: vi.fn(),
    referred: vi.fn(),
    abandoned: vi.fn<(call: PhoneCall) => void>(),
  };
}

function answeredCall(): { call: PhoneCall; session: FakeSession; ctx: TestCallContext } {
  const session = new FakeSession();
  const ctx = context();
  const call = new PhoneCall(session as unknown as Session, 'outbound', ctx);
  session.moveTo(SessionState.Established);
  expect(call.state).toBe(CallState.Talking);
  return { call, session, ctx };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('PhoneCall across a transport drop', () => {
  it('an answered call waits as reconnecting and sends nothing while the transport is down', () => {
    const { call, session } = answeredCall();
    call.transportLost();
    call.transportLost();
    expect(call.link.state).toBe(CallLink.Reconnecting);
    expect(call.snapshot()).toMatchObject({ state: CallState.Talking, link: CallLink.Reconnecting });
    expect(session.invites).toHaveLength(0);
  });

  it('is kept when the target-refresh re-INVITE is answered 200, with its hold state unchanged', async () => {
    const { call, session } = answeredCall();
    call.mediaHeld = true;
    call.transportLost();
    session.answers.push(200);
    await call.refreshAfterReconnect();
    expect(call.link.state).toBe(CallLink.Connected);
    expect(call.state).toBe(CallState.Talking);
    expect(session.invites).toHaveLength(1);
    expect(session.invites[0]?.sessionDescriptionHandlerOptions).toEqual({ hold: true });
    expect(session.byes).toBe(0);
  });

  it('retries glare (491) after a pause, then keeps the call', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { call, session } = answeredCall();
    call.transportLost();
    session.answers.push(491, 200);
    const refreshing = call.refreshAfterReconnect();
    await vi.advanceTimersByTimeAsync(499);
    expect(session.invites).toHaveLength(1);
    expect(call.link.state).toBe(CallLink.Refreshing);
    await vi.advanceTimersByTimeAsync(1);
    await refreshing;
    expect(session.invites).toHaveLength(2);
    expect(call.link.state).toBe(CallLink.Connected);
  });

  it('ends with a message naming the response when the far end cannot be reached', async () => {
    const { call, session, ctx } = answeredCall();
    call.transportLost();
    session.answers.push(500);
    await call.refreshAfterReconnect();
    expect(call.state).toBe(CallState.Ended);
    expect(call.link.state).toBe(CallLink.Lost);
    expect(call.outcome).toEqual({
      code: 500,
      kind: 'connection-lost',
      message: 'The call dropped: the connection to the PBX was lost and the call could not be kept (the PBX answered 500). Call again.',
    });
    // The phone decides when the BYE can leave (CallRecovery); endDialog sends it.
    expect(ctx.abandoned).toHaveBeenCalledWith(call);
    expect(session.byes).toBe(0);
    await call.endDialog();
    expect(session.byes).toBe(1);
  });

  it('ends when the re-INVITE cannot even be sent', async () => {
    const { call, session } = answeredCall();
    call.transportLost();
    await call.refreshAfterReconnect();
    expect(session.invites).toHaveLength(1);
    expect(call.state).toBe(CallState.Ended);
    expect(call.outcome).toMatchObject({ code: 0, kind: 'connection-lost' });
  });

  it('gives up after the glare retries run out', async () => {
    vi.useFakeTimers();
    const { call, session } = answeredCall();
    call.transportLost();
    session.answers.push(491, 491, 491);
    const refreshing = call.refreshAfterReconnect();
    await vi.advanceTimersByTimeAsync(10_000);
    await refreshing;
    expect(session.invites).toHaveLength(3);
    expect(call.outcome).toMatchObject({ code: 491, kind: 'connection-lost' });
  });

  it('does not refresh a call whose link never dropped', async () => {
    const { call, session } = answeredCall();
    await call.refreshAfterReconnect();
    expect(session.invites).toHaveLength(0);
    expect(call.link.state).toBe(CallLink.Connected);
  });

  it('a second drop during the refresh wins over the late answer to the first one', async () => {
    const { call, session } = answeredCall();
    call.transportLost();
    session.answers.push(null);
    // Never answered: the first refresh stays pending (so it cannot be awaited); its re-INVITE is out at once.
    const firstRefresh: string[] = [];
    call.refreshAfterReconnect().then(
      () => firstRefresh.push('ended'),
      (error: unknown) => firstRefresh.push(`failed: ${String(error)}`),
    );
    expect(session.invites).toHaveLength(1);
    expect(call.link.state).toBe(CallLink.Refreshing);
    call.transportLost();
    expect(call.link.state).toBe(CallLink.Reconnecting);
    session.answers.push(200);
    await call.refreshAfterReconnect();
    expect(call.link.state).toBe(CallLink.Connected);
    // The first refresh never got an answer and must not end or change the call.
    expect(call.state).toBe(CallState.Talking);
    expect(firstRefresh).toEqual([]);
  });

  it('a call still ringing when the transport drops ends at once: its answer could not reach us', () => {
    const session = new FakeSession();
    const call = new PhoneCall(session as unknown as Session, 'outbound', context());
    call.transportLost();
    expect(call.state).toBe(CallState.Ended);
    expect(call.link.state).toBe(CallLink.Lost);
    expect(call.outcome).toEqual({
      code: 0,
      kind: 'connection-lost',
      message: 'The call could not be connected: the connection to the PBX dropped. Try again.',
    });
  });

  it('an ended call ignores later transport news', () => {
    const { call, session } = answeredCall();
    session.moveTo(SessionState.Terminated);
    call.transportLost();
    expect(call.link.state).toBe(CallLink.Connected);
    expect(call.outcome).toBeNull();
  });
});
