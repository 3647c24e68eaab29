import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallLink, CallLinkMachine } from '../state/call-link';
import { CallRecovery, DEFAULT_CALL_RECOVERY_MS, type RecoverableCall } from './call-recovery';

/** A call that follows the link diagram the way PhoneCall does, and records what it was asked. */
class FakeCall implements RecoverableCall {
  readonly id = 'fake-call';
  readonly link = new CallLinkMachine();
  refreshes = 0;
  drops = 0;
  /** BYE / CANCEL sent to the far end. */
  dialogsEnded = 0;

  constructor(private readonly answered = true) {}

  transportLost(): void {
    if (this.link.state === CallLink.Lost) return;
    if (!this.answered) this.dropForLostConnection();
    else if (this.link.state !== CallLink.Reconnecting) this.link.transition(CallLink.Reconnecting);
  }

  refreshAfterReconnect(): Promise<void> {
    this.refreshes += 1;
    this.link.transition(CallLink.Refreshing);
    return Promise.resolve();
  }

  dropForLostConnection(): void {
    this.drops += 1;
    this.link.transition(CallLink.Lost);
  }

  endDialog(): Promise<void> {
    this.dialogsEnded += 1;
    return Promise.resolve();
  }
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('CallRecovery', () => {
  it('with no call, a drop starts no clock', () => {
    const recovery = new CallRecovery(() => []);
    recovery.transportLost();
    expect(recovery.waiting).toBe(false);
  });

  it('ends an unanswered call at once and starts no clock for it', () => {
    const ringing = new FakeCall(false);
    const recovery = new CallRecovery(() => [ringing]);
    recovery.transportLost();
    expect(ringing.drops).toBe(1);
    expect(recovery.waiting).toBe(false);
  });

  it('refreshes waiting calls once registered again, and the clock stops when they are connected', () => {
    const calls = [new FakeCall(), new FakeCall()];
    const recovery = new CallRecovery(() => calls, { recoveryMs: 1000 });
    recovery.transportLost();
    expect(recovery.waiting).toBe(true);
    recovery.registered();
    expect(calls.map((call) => call.refreshes)).toEqual([1, 1]);
    // A second "registered" (a later refresh of the binding) does not refresh twice.
    recovery.registered();
    expect(calls.map((call) => call.refreshes)).toEqual([1, 1]);
    for (const call of calls) call.link.transition(CallLink.Connected);
    recovery.callsChanged();
    expect(recovery.waiting).toBe(false);
    vi.advanceTimersByTime(5000);
    expect(calls.map((call) => call.drops)).toEqual([0, 0]);
  });

  it('ends every call still waiting when the recovery time runs out, and none that recovered', () => {
    const recovered = new FakeCall();
    const stuck = new FakeCall();
    const recovery = new CallRecovery(() => [recovered, stuck], { recoveryMs: 1000 });
    recovery.transportLost();
    recovered.link.transition(CallLink.Refreshing);
    recovered.link.transition(CallLink.Connected);
    recovery.callsChanged();
    expect(recovery.waiting).toBe(true);
    vi.advanceTimersByTime(999);
    expect(stuck.drops).toBe(0);
    vi.advanceTimersByTime(1);
    expect(stuck.drops).toBe(1);
    expect(recovered.drops).toBe(0);
    expect(recovery.waiting).toBe(false);
  });

  it('a second drop keeps the first clock: the recovery time counts from the first loss', () => {
    const call = new FakeCall();
    const recovery = new CallRecovery(() => [call], { recoveryMs: 1000 });
    recovery.transportLost();
    vi.advanceTimersByTime(600);
    recovery.registered();
    recovery.transportLost();
    expect(call.link.state).toBe(CallLink.Reconnecting);
    vi.advanceTimersByTime(400);
    expect(call.drops).toBe(1);
  });

  it('ends at the far end, once registered again, every dialog it dropped while it could not signal', () => {
    let connected = false;
    const call = new FakeCall();
    const recovery = new CallRecovery(() => [call], { recoveryMs: 1000, connected: () => connected });
    recovery.transportLost();
    vi.advanceTimersByTime(1000);
    expect(call.drops).toBe(1);
    recovery.abandoned(call);
    expect(call.dialogsEnded).toBe(0);
    connected = true;
    recovery.registered();
    expect(call.dialogsEnded).toBe(1);
    recovery.registered();
    expect(call.dialogsEnded).toBe(1);
  });

  it('ends an abandoned dialog at once when the connection is up', () => {
    const call = new FakeCall();
    const recovery = new CallRecovery(() => [call]);
    recovery.abandoned(call);
    expect(call.dialogsEnded).toBe(1);
  });

  it('says when a call starts and stops waiting, so registration can retry faster meanwhile', () => {
    const call = new FakeCall();
    const waiting: boolean[] = [];
    const recovery = new CallRecovery(() => [call], { onWaitingChange: (value) => waiting.push(value) });
    recovery.transportLost();
    recovery.registered();
    call.link.transition(CallLink.Connected);
    recovery.callsChanged();
    expect(waiting).toEqual([true, false]);
  });

  it('stop() cancels the clock (the phone is shutting down)', () => {
    const call = new FakeCall();
    const recovery = new CallRecovery(() => [call]);
    recovery.transportLost();
    recovery.stop();
    vi.advanceTimersByTime(DEFAULT_CALL_RECOVERY_MS * 2);
    expect(call.drops).toBe(0);
  });
});
