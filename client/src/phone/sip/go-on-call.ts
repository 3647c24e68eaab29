import { CallState } from '../state/call-state';
import type { Phone, PhoneSnapshot } from './phone';

/** The part of Phone the sequence uses, so it can be tested with a fake. */
export type GoOnCallPhone = Pick<Phone, 'snapshot' | 'sendDtmf' | 'events'> & {
  dial(number: string): Promise<{ id: string }>;
};

export type GoOnCallStep = 'dialling' | 'sending-pin' | 'done' | 'failed';

export interface GoOnCallProgress {
  step: GoOnCallStep;
  /** PIN digits sent so far, out of `total`. */
  sent: number;
  total: number;
  message: string;
}

export interface GoOnCallOptions {
  /** Pause after the answer so the IVR prompt can start listening. */
  promptDelayMs?: number;
  answerTimeoutMs?: number;
}

/**
 * "Go on call": dial the on-call feature code, wait for the PBX to answer, then send the
 * PIN as DTMF one digit at a time so the UI can show progress. The PIN never leaves the
 * browser in any other form.
 */
export async function goOnCall(
  phone: GoOnCallPhone,
  featureCode: string,
  pin: string,
  onProgress: (progress: GoOnCallProgress) => void,
  options: GoOnCallOptions = {},
): Promise<void> {
  const total = pin.length;
  const report = (step: GoOnCallStep, sent: number, message: string): void => onProgress({ step, sent, total, message });
  if (!/^[0-9]{1,12}$/.test(pin)) {
    report('failed', 0, 'The PIN must be 1 to 12 digits');
    throw new Error('The PIN must be 1 to 12 digits');
  }
  report('dialling', 0, `Dialling ${featureCode}…`);
  try {
    const call = await phone.dial(featureCode);
    await waitForAnswer(phone, call.id, options.answerTimeoutMs ?? 20_000);
    await new Promise((resolve) => setTimeout(resolve, options.promptDelayMs ?? 1500));
    for (let index = 0; index < total; index++) {
      report('sending-pin', index, `Sending PIN ${index + 1} of ${total}`);
      await phone.sendDtmf(pin.charAt(index), call.id);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    report('done', total, 'PIN sent; listen for the confirmation');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    report('failed', 0, message);
    throw error;
  }
}

function waitForAnswer(phone: GoOnCallPhone, callId: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (snapshot: PhoneSnapshot): boolean => {
      const call = snapshot.calls.find((candidate) => candidate.id === callId);
      if (call?.state === CallState.Talking) {
        finish();
        resolve();
        return true;
      }
      if (!call || call.state === CallState.Ended) {
        finish();
        reject(new Error(call?.outcome?.message ?? 'The on-call line did not answer'));
        return true;
      }
      return false;
    };
    const unsubscribe = phone.events.on('change', (snapshot) => void check(snapshot));
    const timer = setTimeout(() => {
      finish();
      reject(new Error('The on-call line did not answer in time'));
    }, timeoutMs);
    function finish(): void {
      unsubscribe();
      clearTimeout(timer);
    }
    check(phone.snapshot());
  });
}
