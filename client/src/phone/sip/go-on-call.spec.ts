import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallState } from '../state/call-state';
import { goOnCall, type GoOnCallPhone, type GoOnCallProgress } from './go-on-call';
import type { PhoneEvents, PhoneSnapshot } from './phone';
import { RegistrationState } from '../state/registration-state';
import { TypedEmitter } from './typed-emitter';

/** Enough of a Phone for the sequence: one outgoing call whose state the test moves. */
class FakePhone implements GoOnCallPhone {
  readonly events = new TypedEmitter<PhoneEvents>();
  readonly dialled: string[] = [];
  readonly dtmf: string[] = [];
  state: CallState = CallState.RingingOut;

  snapshot(): PhoneSnapshot {
    const call = { id: 'c1', state: this.state, outcome: this.state === CallState.Ended ? { code: 486, kind: 'busy', message: 'Busy' } : null };
    return {
      registration: { state: RegistrationState.Registered, failure: null, nextRetryAt: null },
      calls: [call as PhoneSnapshot['calls'][number]],
      conference: false,
    };
  }

  async dial(number: string): Promise<{ id: string }> {
    this.dialled.push(number);
    return { id: 'c1' };
  }

  async sendDtmf(tones: string): Promise<void> {
    this.dtmf.push(tones);
  }

  move(state: CallState): void {
    this.state = state;
    this.events.emit('change', this.snapshot());
  }
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('goOnCall', () => {
  it('dials the feature code, waits for the answer, then sends the PIN digit by digit', async () => {
    const phone = new FakePhone();
    const progress: GoOnCallProgress[] = [];
    const done = goOnCall(phone, '*55', '4711', (p) => progress.push(p), { promptDelayMs: 1000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(phone.dialled).toEqual(['*55']);
    expect(phone.dtmf).toEqual([]);
    phone.move(CallState.Talking);
    await vi.advanceTimersByTimeAsync(5000);
    await done;
    expect(phone.dtmf).toEqual(['4', '7', '1', '1']);
    expect(progress.map((p) => `${p.step}:${p.sent}`)).toEqual(['dialling:0', 'sending-pin:0', 'sending-pin:1', 'sending-pin:2', 'sending-pin:3', 'done:4']);
  });

  it('fails with the call outcome when the line does not answer', async () => {
    const phone = new FakePhone();
    const progress: GoOnCallProgress[] = [];
    const done = goOnCall(phone, '*55', '1234', (p) => progress.push(p));
    const outcome = expect(done).rejects.toThrow('Busy');
    await vi.advanceTimersByTimeAsync(0);
    phone.move(CallState.Ended);
    await outcome;
    expect(phone.dtmf).toEqual([]);
    expect(progress.at(-1)).toMatchObject({ step: 'failed', message: 'Busy' });
  });

  it('refuses a PIN that is not 1 to 12 digits without dialling', async () => {
    const phone = new FakePhone();
    for (const pin of ['', '12a4', '1234567890123']) {
      await expect(goOnCall(phone, '*55', pin, () => undefined)).rejects.toThrow('1 to 12 digits');
    }
    expect(phone.dialled).toEqual([]);
  });
});
