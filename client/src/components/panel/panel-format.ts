import type { CallParty, CallView, ExtensionView } from '@ondeck/shared';

/** What a person sees on a tile. Colour always comes with the word (never colour alone). */
export type ExtensionStatus = 'idle' | 'ringing' | 'in_call' | 'on_hold' | 'unavailable' | 'dnd';

export const STATUS_LABELS: Record<ExtensionStatus, string> = {
  idle: 'Idle',
  ringing: 'Ringing',
  in_call: 'In call',
  on_hold: 'On hold',
  unavailable: 'Unavailable',
  dnd: 'DND',
};

export const STATUS_ORDER: readonly ExtensionStatus[] = ['ringing', 'in_call', 'on_hold', 'idle', 'dnd', 'unavailable'];

/**
 * Activity wins over DND (a DND phone can still be on a call), DND over idle. A phone with
 * no reachable registration is unavailable whatever its last device state said.
 */
export function extensionStatus(extension: ExtensionView): ExtensionStatus {
  switch (extension.deviceState) {
    case 'RINGING':
    case 'RINGINUSE':
      return 'ringing';
    case 'ONHOLD':
      return 'on_hold';
    case 'INUSE':
    case 'BUSY':
      return 'in_call';
    case 'NOT_INUSE':
      if (!extension.registration.reachable) return 'unavailable';
      return extension.dnd ? 'dnd' : 'idle';
    default:
      return 'unavailable';
  }
}

/** "1:05", "12:00", "1:02:03". Negative or missing times show as 0:00. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** "1002 · Alice", "+15550100", or "Internal" for a party outside the user's scope. Number first: it fits a narrow tile. */
export function partyLabel(party: CallParty): string {
  if (party.name && party.name !== party.number) return `${party.number} · ${party.name}`;
  return party.number;
}

/**
 * Who `extension` is connected to: the application it talks to ("Voicemail 1002",
 * "Conference 800"), else the first other party of the call.
 */
export function otherParty(call: CallView, extension: string): CallParty | undefined {
  const relation = call.relations.find((r) => r.application !== undefined && (r.a === extension || r.b === extension));
  const application = relation ? call.parties.find((p) => p.application?.label === relation.application?.label) : undefined;
  return application ?? call.parties.find((p) => p.extension !== extension && p.application === undefined) ?? call.parties.find((p) => p.extension !== extension);
}

export const CALL_STATE_LABELS: Record<CallView['state'], string> = {
  ringing: 'Ringing',
  up: 'Talking',
  on_hold: 'On hold',
  in_queue: 'Waiting in queue',
  transferring: 'Transferring',
};

export const DIRECTION_LABELS: Record<CallView['direction'], string> = {
  internal: 'Internal',
  inbound: 'Inbound',
  outbound: 'Outbound',
};
