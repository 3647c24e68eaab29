import { describe, expect, it, vi } from 'vitest';
import { Inviter, SessionState } from 'sip.js';
import type { Session } from 'sip.js';
import { CallState } from '../state/call-state';
import { PhoneCall, type CallContext } from './phone-call';
import { TRANSFERRED_NAME } from './remote-identity';

type Headers = Record<string, string>;
interface FakeResponse {
  message: { statusCode: number; reasonPhrase: string; getHeader(name: string): string | undefined };
}
interface SessionDelegate {
  onInvite?(request: { getHeader(name: string): string | undefined }): void;
}

const lookup = (headers: Headers) => (name: string) =>
  Object.entries(headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

/** An outgoing SIP.js session (an Inviter to PhoneCall) whose INVITE gets the scripted final response. */
function fakeInviter(final: { statusCode: number; reasonPhrase: string; headers?: Headers } | 'answer') {
  const listeners: Array<(state: SessionState) => void> = [];
  let state = SessionState.Initial;
  const fake = Object.create(Inviter.prototype) as Record<string, unknown>;
  const moveTo = (next: SessionState): void => {
    state = next;
    for (const listener of listeners) listener(next);
  };
  Object.defineProperties(fake, {
    state: { get: () => state },
    delegate: { value: undefined, writable: true },
    remoteIdentity: { value: { uri: { user: '2002' }, displayName: 'Ben Desk' } },
    sessionDescriptionHandler: { value: undefined },
    stateChange: { value: { addListener: (listener: (s: SessionState) => void) => listeners.push(listener) } },
    invite: {
      value: (options: { requestDelegate?: { onReject?(response: FakeResponse): void } }) => {
        moveTo(SessionState.Establishing);
        if (final === 'answer') {
          moveTo(SessionState.Established);
          return Promise.resolve();
        }
        options.requestDelegate?.onReject?.({
          message: { statusCode: final.statusCode, reasonPhrase: final.reasonPhrase, getHeader: lookup(final.headers ?? {}) },
        });
        moveTo(SessionState.Terminated);
        return Promise.resolve();
      },
    },
  });
  return { session: fake as unknown as Session, delegate: () => fake.delegate as SessionDelegate };
}

function context(): CallContext {
  return {
    modifiers: [], mediaOptions: () => ({}), dtmfMode: 'rfc4733', speakerId: () => '',
    changed: vi.fn(), dtmfReceived: vi.fn(), dtmfSent: vi.fn(), referred: vi.fn(), abandoned: vi.fn(),
  };
}

async function dialled(final: Parameters<typeof fakeInviter>[0]) {
  const fake = fakeInviter(final);
  const call = new PhoneCall(fake.session, 'outbound', context());
  await call.dial();
  return { call, delegate: fake.delegate };
}

describe('PhoneCall outcomes from Asterisk', () => {
  // What Asterisk 22 answers a WebRTC caller (measured): the status code hides the real reason.
  it.each([
    ['a decline at the far end', 403, 'Forbidden', 'Q.850;cause=21', 'declined', 'Call declined'],
    ['an unanswered call', 603, 'Decline', 'Q.850;cause=19;text="NO_ANSWER"', 'no-answer', 'No answer'],
    ['a busy extension', 486, 'Busy Here', 'Q.850;cause=17', 'busy', 'Busy'],
  ])('reads the Q.850 cause of %s before the status code', async (_what, statusCode, reasonPhrase, reason, kind, message) => {
    const { call } = await dialled({ statusCode, reasonPhrase, headers: { Reason: reason } });
    expect(call.state).toBe(CallState.Ended);
    expect(call.outcome).toEqual({ code: statusCode, kind, message });
  });

  it('falls back to the status code without a Reason header (Kamailio, other PBXes)', async () => {
    const { call } = await dialled({ statusCode: 404, reasonPhrase: 'Not Found' });
    expect(call.outcome).toEqual({ code: 404, kind: 'not-found', message: 'Number not found' });
  });
});

describe('PhoneCall remote identity after a transfer', () => {
  it('takes the new party from P-Asserted-Identity in an in-dialog re-INVITE', async () => {
    const { call, delegate } = await dialled('answer');
    expect(call.snapshot()).toMatchObject({ remoteUser: '2002', remoteName: 'Ben Desk' });
    delegate().onInvite?.({ getHeader: lookup({ 'P-Asserted-Identity': '"Carla Sales" <sip:2005@pbx.example>' }) });
    expect(call.snapshot()).toMatchObject({ state: CallState.Talking, remoteUser: '2005', remoteName: 'Carla Sales' });
  });

  it('uses Remote-Party-ID when there is no P-Asserted-Identity', async () => {
    const { call, delegate } = await dialled('answer');
    delegate().onInvite?.({ getHeader: lookup({ 'Remote-Party-ID': '"Dan" <sip:2007@pbx>;party=calling;privacy=off;screen=no' }) });
    expect(call.snapshot()).toMatchObject({ remoteUser: '2007', remoteName: 'Dan' });
  });

  it('shows "Transferred" with the new number when the identity has no name', async () => {
    const { call, delegate } = await dialled('answer');
    delegate().onInvite?.({ getHeader: lookup({ 'P-Asserted-Identity': '<sip:2009@pbx>' }) });
    expect(call.snapshot()).toMatchObject({ remoteUser: '2009', remoteName: TRANSFERRED_NAME });
  });

  it('keeps the identity for a re-INVITE that names nobody (a session refresh)', async () => {
    const { call, delegate } = await dialled('answer');
    delegate().onInvite?.({ getHeader: lookup({}) });
    expect(call.snapshot()).toMatchObject({ remoteUser: '2002', remoteName: 'Ben Desk' });
  });
});
