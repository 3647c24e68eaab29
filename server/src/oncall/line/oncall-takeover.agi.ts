import { AgiHangupError, type AgiChannel, type AgiEnvironment, type AgiHandler } from '../../agi';
import type { OnCallTakeoverService, TakeoverCall, TakeoverSession } from './oncall-takeover.service';
import { spokenDigits } from './phone-number';

export const ONCALL_TAKEOVER_SCRIPT = 'oncall-takeover';

export interface OnCallTakeoverAgiOptions {
  /** PIN entries per call before hanging up. */
  maxTries?: number;
  /** How long GET DATA waits for the PIN. */
  pinTimeoutMs?: number;
}

const MAX_PIN_DIGITS = 8;
const DIVISION_SUFFIX = /^\*55(\d{1,9})$/;

/** Sound files present on every Asterisk (see pbx-facts). */
const SOUNDS = {
  askPin: 'agent-pass',
  pinPrompt: 'beep',
  thankYou: 'auth-thankyou',
  incorrect: 'auth-incorrect',
  tryAgain: 'pls-try-again',
  goodbye: 'vm-goodbye',
} as const;

/**
 * The division a call is for: `?division=N` in the AGI URL, else the first all-digit AGI()
 * argument, else the dialled extension `*55N`. Null when none is given.
 */
export function divisionFromEnvironment(env: AgiEnvironment): number | null {
  const candidates = [env.request.query.get('division'), env.args.find((arg) => /^\d{1,9}$/.test(arg))];
  candidates.push(DIVISION_SUFFIX.exec(env.extension)?.[1]);
  for (const candidate of candidates) {
    if (candidate && /^\d{1,9}$/.test(candidate) && Number(candidate) > 0) return Number(candidate);
  }
  return null;
}

/**
 * `AGI(agi://127.0.0.1:4573/oncall-takeover?division=1)`: asks for the PIN (3 tries), takes
 * the division over, confirms with the number now on call. Sets ONCALL_RESULT for the dialplan:
 * ok, conflict, failed, locked, unknown_caller, no_division or error. A prompt that times out
 * with no digit costs a try of this call, not a failure toward the lockout.
 */
export function createOnCallTakeoverAgi(service: OnCallTakeoverService, options: OnCallTakeoverAgiOptions = {}): AgiHandler {
  const maxTries = options.maxTries ?? 3;
  const pinTimeoutMs = options.pinTimeoutMs ?? 10_000;

  return async (channel) => {
    const divisionId = divisionFromEnvironment(channel.env);
    if (divisionId === null) {
      channel.logger.warn('on-call takeover called without a division');
      await finish(channel, 'no_division', SOUNDS.goodbye);
      return;
    }
    const call: TakeoverCall = {
      divisionId,
      callerId: channel.env.callerId,
      channel: channel.env.channel,
      uniqueid: channel.env.uniqueid,
    };
    const progress: { stage: string; memberId: number | null } = { stage: 'answer', memberId: null };
    try {
      await channel.answer();
      progress.stage = 'identify';
      const opening = await service.openCall(call);
      if (opening.kind !== 'ready') {
        const result = opening.kind === 'unknown_division' ? 'no_division' : opening.kind;
        await finish(channel, result, opening.kind === 'locked' ? SOUNDS.incorrect : SOUNDS.goodbye);
        return;
      }
      await runDialogue(channel, service, opening.session, progress, { maxTries, pinTimeoutMs });
    } catch (error) {
      if (!(error instanceof AgiHangupError)) {
        // E.g. the database is down: tell the caller it did not work rather than leave them in silence.
        await finish(channel, 'error', SOUNDS.goodbye).catch(() => undefined);
        throw error;
      }
      await service.recordHangup(call, progress.memberId, progress.stage);
    }
  };
}

async function runDialogue(
  channel: AgiChannel,
  service: OnCallTakeoverService,
  session: TakeoverSession,
  progress: { stage: string; memberId: number | null },
  limits: { maxTries: number; pinTimeoutMs: number },
): Promise<void> {
  for (let attempt = 1; attempt <= limits.maxTries; attempt++) {
    progress.stage = 'pin';
    const pin = await readPin(channel, limits.pinTimeoutMs);
    if (pin === '') {
      // Silence is not a guess: it uses up one of this call's tries but never counts toward a lockout.
      channel.logger.info({ attempt }, 'no PIN entered before the timeout');
      continue;
    }
    progress.stage = 'verify';
    const outcome = await service.checkPin(session, pin);
    if (outcome.kind === 'locked') {
      await finish(channel, 'locked', SOUNDS.incorrect);
      return;
    }
    if (outcome.kind === 'rejected') {
      progress.stage = 'rejected';
      await channel.streamFile(SOUNDS.incorrect);
      if (outcome.lockedNow) {
        await finish(channel, 'locked', SOUNDS.goodbye);
        return;
      }
      continue;
    }
    progress.memberId = outcome.member.id;
    progress.stage = 'takeover';
    const result = await service.takeOver(session, outcome.member);
    progress.stage = 'confirm';
    if (result.kind === 'conflict') {
      await finish(channel, 'conflict', SOUNDS.tryAgain);
      return;
    }
    await channel.setVariable('ONCALL_RESULT', 'ok');
    await channel.streamFile(SOUNDS.thankYou);
    const digits = spokenDigits(result.period.phone);
    if (digits !== '') await channel.sayDigits(digits);
    return;
  }
  await finish(channel, 'failed', SOUNDS.goodbye);
}

/** Plays the prompt and collects the PIN; a digit pressed during the prompt starts the PIN. */
async function readPin(channel: AgiChannel, timeoutMs: number): Promise<string> {
  const first = (await channel.streamFile(SOUNDS.askPin, '0123456789')) ?? '';
  const rest = await channel.getData(SOUNDS.pinPrompt, timeoutMs, MAX_PIN_DIGITS - first.length);
  return first + rest.digits;
}

async function finish(channel: AgiChannel, result: string, sound: string): Promise<void> {
  await channel.setVariable('ONCALL_RESULT', result);
  await channel.streamFile(sound);
  await channel.hangup();
}
