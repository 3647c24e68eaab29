import type { MonitorMode } from '@ondeck/shared';

/**
 * The exact AMI actions the panel sends, built in one place (see pbx-facts.md "Actions").
 * Values are plain strings; the AMI client strips CR/LF on the wire.
 */

/** FreePBX dialplan context for calls placed as if dialled from a phone. */
export const DIAL_CONTEXT = 'from-internal';

/** ChanSpy options: quiet, exit with the spied channel, exact channel name; then the mode. */
const SPY_MODE_OPTION: Record<MonitorMode, string> = { listen: '', whisper: 'w', barge: 'B' };
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
    Data: `${spiedChannel},qEu${SPY_MODE_OPTION[mode]}`,
    CallerID: `"${SPY_MODE_LABEL[mode]} (OnDeck)" <${ownExtension}>`,
    Async: 'true',
  };
}

export function hangupChannel(channel: string): Record<string, string> {
  return { Action: 'Hangup', Channel: channel, Cause: '16' };
}

export function redirectChannel(channel: string, target: string): Record<string, string> {
  return { Action: 'Redirect', Channel: channel, Context: DIAL_CONTEXT, Exten: target, Priority: '1' };
}

export function clickToDial(ownExtension: string, target: string): Record<string, string> {
  return {
    Action: 'Originate',
    Channel: `PJSIP/${ownExtension}`,
    Context: DIAL_CONTEXT,
    Exten: target,
    Priority: '1',
    CallerID: `"Call ${callerIdText(target)}" <${callerIdText(target)}>`,
    Timeout: '30000',
    Async: 'true',
  };
}

/** FreePBX's dynamic queue member: rings through the queue's Local channel, state from the hint. */
export function memberInterface(extension: string): string {
  return `Local/${extension}@from-queue/n`;
}

export function queueAdd(queue: string, extension: string, memberName: string): Record<string, string> {
  return {
    Action: 'QueueAdd',
    Queue: queue,
    Interface: memberInterface(extension),
    MemberName: callerIdText(memberName),
    StateInterface: `hint:${extension}@ext-local`,
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
