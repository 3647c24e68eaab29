import type { MonitorMode } from '@ondeck/shared';

/**
 * The exact AMI actions the panel sends, built in one place (see pbx-facts.md "Actions").
 * Values are plain strings; the AMI client strips CR/LF on the wire.
 */

/** FreePBX dialplan context for calls placed as if dialled from a phone. */
export const DIAL_CONTEXT = 'from-internal';

/**
 * ChanSpy options: quiet, exit with the spied channel, `d` (the DTMF keys 4 listen, 5 whisper,
 * 6 barge switch modes without leaving ChanSpy: capture spy-mode-switch), exact channel name;
 * then the starting mode.
 */
const SPY_OPTIONS = 'qEdu';
const SPY_MODE_OPTION: Record<MonitorMode, string> = { listen: '', whisper: 'w', barge: 'B' };
/** ChanSpy's `d` keys for each mode. */
export const SPY_MODE_DIGIT: Record<MonitorMode, string> = { listen: '4', whisper: '5', barge: '6' };
const SPY_MODE_LABEL: Record<MonitorMode, string> = { listen: 'Listen', whisper: 'Whisper', barge: 'Barge' };

/** Caller-ID text may come from outside; keep it from breaking the `"name" <num>` syntax. */
function callerIdText(value: string): string {
  return value.replace(/["<>\\]/g, '').slice(0, 40);
}

/**
 * The CallerID names only the mode: the supervisor's phone shows what it is about to do. It
 * must not name the target, because the PBX model learns display names from caller IDs and
 * would show the target to everyone who may see the supervisor's extension.
 */
export function spyOriginate(ownExtension: string, spiedChannel: string, mode: MonitorMode): Record<string, string> {
  return {
    Action: 'Originate',
    Channel: `PJSIP/${ownExtension}`,
    Application: 'ChanSpy',
    Data: `${spiedChannel},${SPY_OPTIONS}${SPY_MODE_OPTION[mode]}`,
    CallerID: `"${SPY_MODE_LABEL[mode]} (OnDeck)" <${ownExtension}>`,
    Async: 'true',
  };
}

/**
 * A mode key as if the supervisor had pressed it: `Receive` makes Asterisk queue the digit as
 * received on the spy channel, where ChanSpy reads it (without it the digit is sent out to
 * the phone and ChanSpy never sees it).
 */
export function spyModeKey(spyChannel: string, mode: MonitorMode): Record<string, string> {
  return { Action: 'PlayDTMF', Channel: spyChannel, Digit: SPY_MODE_DIGIT[mode], Duration: '180', Receive: 'true' };
}

export function hangupChannel(channel: string): Record<string, string> {
  return { Action: 'Hangup', Channel: channel, Cause: '16' };
}

export function redirectChannel(channel: string, target: string): Record<string, string> {
  return { Action: 'Redirect', Channel: channel, Context: DIAL_CONTEXT, Exten: target, Priority: '1' };
}

/**
 * Rings the user's phone, then runs `from-internal,<target>` on that channel. The Originate
 * CallerID is the caller of the whole call: the called party sees it and the CDR records it
 * as the source (capture click-to-dial-originate: `"Alice" <1001>` gives Source 1001 and the
 * callee's connected line 1001 / Alice). So it is the user's own extension and name.
 */
export function clickToDial(ownExtension: string, ownName: string, target: string): Record<string, string> {
  const name = callerIdText(ownName) || ownExtension;
  return {
    Action: 'Originate',
    Channel: `PJSIP/${ownExtension}`,
    Context: DIAL_CONTEXT,
    Exten: target,
    Priority: '1',
    CallerID: `"${name}" <${ownExtension}>`,
    Timeout: '30000',
    Async: 'true',
  };
}

/**
 * How a dynamic queue member is written for this PBX:
 * - `freepbx`: rings through FreePBX's `Local/<ext>@from-queue/n` (follow-me, DND) with the
 *   state from the hint `hint:<ext>@ext-local`, exactly as FreePBX's own queue module does;
 * - `device`: a plain Asterisk has neither that hint context nor from-queue, so the member is
 *   the extension's device `PJSIP/<ext>`, which is also its state interface (capture
 *   queue-member-ops: a member with `hint:…@ext-local` there is Invalid and never rings).
 */
export type QueueMemberStyle = 'freepbx' | 'device';

export interface QueueMemberInterfaces {
  interface: string;
  stateInterface: string;
}

export function memberInterfaces(style: QueueMemberStyle, extension: string): QueueMemberInterfaces {
  if (style === 'freepbx') return { interface: `Local/${extension}@from-queue/n`, stateInterface: `hint:${extension}@ext-local` };
  return { interface: `PJSIP/${extension}`, stateInterface: `PJSIP/${extension}` };
}

/**
 * FreePBX gives every member the state interface `hint:<ext>@ext-local`; a PBX whose members
 * have one is taken for FreePBX. A `Local/…@from-queue` interface alone proves nothing: the
 * plain Asterisk of the captures has a from-queue context too (queue support-local).
 */
export function looksLikeFreePbxMember(member: { interface: string; stateInterface: string }): boolean {
  return /^hint:[^@]+@ext-local$/.test(member.stateInterface);
}

export function queueAdd(queue: string, member: QueueMemberInterfaces, memberName: string): Record<string, string> {
  return {
    Action: 'QueueAdd',
    Queue: queue,
    Interface: member.interface,
    MemberName: callerIdText(memberName),
    StateInterface: member.stateInterface,
    Penalty: '0',
    Paused: 'false',
  };
}

export function queueRemove(queue: string, memberIface: string): Record<string, string> {
  return { Action: 'QueueRemove', Queue: queue, Interface: memberIface };
}

export function queuePause(queue: string, memberIface: string, paused: boolean, reason?: string): Record<string, string> {
  const fields: Record<string, string> = { Action: 'QueuePause', Queue: queue, Interface: memberIface, Paused: paused ? 'true' : 'false' };
  if (reason !== undefined) fields.Reason = reason;
  return fields;
}
