/**
 * Browser side of the softphone e2e: builds the real `Phone` and exposes it on
 * `window.phoneHarness` so Playwright can drive it without the OnDeck shell and server.
 */
import { Phone, type DtmfMode, type PhoneConfig, type PhoneSnapshot } from '../src/phone';

export interface HarnessEvent {
  type: 'incoming' | 'dtmf-received' | 'dtmf-sent';
  callId: string;
  tone?: string;
  via?: DtmfMode;
}

export interface AudioStats {
  bytesReceived: number;
  bytesSent: number;
  totalAudioEnergy: number;
  direction: string | null;
}

export type ActionResult = { ok: true; value: string | null } | { ok: false; error: string };

export type HarnessAction =
  | 'dial'
  | 'answer'
  | 'decline'
  | 'busy'
  | 'hangup'
  | 'hold'
  | 'resume'
  | 'mute'
  | 'unmute'
  | 'dtmf'
  | 'dtmf-mode'
  | 'blind-transfer'
  | 'consult'
  | 'complete-transfer'
  | 'cancel-consult'
  | 'merge';

export interface PhoneHarness {
  start(config: PhoneConfig): Promise<void>;
  stop(): Promise<void>;
  snapshot(): PhoneSnapshot | null;
  /** Runs one phone operation; failures come back as values so nothing rejects unhandled. */
  act(action: HarnessAction, argument?: string, callId?: string): Promise<ActionResult>;
  stats(callId?: string): Promise<AudioStats | null>;
  events: HarnessEvent[];
  /** Uncaught errors and unhandled rejections seen by the page. */
  errors: string[];
}

let phone: Phone | null = null;
const events: HarnessEvent[] = [];
const errors: string[] = [];

window.addEventListener('error', (event) => errors.push(`error: ${event.message}`));
window.addEventListener('unhandledrejection', (event) => errors.push(`unhandled rejection: ${String(event.reason)}`));

function requirePhone(): Phone {
  if (!phone) throw new Error('The phone is not started');
  return phone;
}

async function perform(action: HarnessAction, argument: string, callId: string | undefined): Promise<string | null> {
  const p = requirePhone();
  switch (action) {
    case 'dial':
      return (await p.dial(argument)).id;
    case 'answer':
      await p.answer(callId);
      return null;
    case 'decline':
      await p.decline(callId, 603);
      return null;
    case 'busy':
      await p.decline(callId, 486);
      return null;
    case 'hangup':
      await p.hangup(callId);
      return null;
    case 'hold':
      await p.hold(callId);
      return null;
    case 'resume':
      await p.resume(callId);
      return null;
    case 'mute':
    case 'unmute':
      p.setMuted(action === 'mute', callId);
      return null;
    case 'dtmf':
      await p.sendDtmf(argument, callId);
      return null;
    case 'dtmf-mode':
      p.setDtmfMode(argument === 'info' ? 'info' : 'rfc4733');
      return null;
    case 'blind-transfer':
      await p.blindTransfer(argument, callId);
      return null;
    case 'consult':
      return (await p.startConsultation(argument)).id;
    case 'complete-transfer':
      await p.completeTransfer();
      return null;
    case 'cancel-consult':
      await p.cancelConsultation();
      return null;
    case 'merge':
      await p.mergeConference();
      return null;
  }
}

async function stats(callId?: string): Promise<AudioStats | null> {
  const connection = requirePhone().call(callId).peerConnection;
  if (!connection) return null;
  const result: AudioStats = { bytesReceived: 0, bytesSent: 0, totalAudioEnergy: 0, direction: null };
  const report = await connection.getStats();
  report.forEach((entry: { type: string; kind?: string } & Record<string, unknown>) => {
    if (entry.type === 'inbound-rtp' && entry.kind === 'audio') {
      result.bytesReceived += Number(entry.bytesReceived ?? 0);
      result.totalAudioEnergy += Number(entry.totalAudioEnergy ?? 0);
    }
    if (entry.type === 'outbound-rtp' && entry.kind === 'audio') result.bytesSent += Number(entry.bytesSent ?? 0);
  });
  result.direction = connection.getTransceivers()[0]?.currentDirection ?? null;
  return result;
}

const harness: PhoneHarness = {
  async start(config) {
    phone = new Phone(config, { backoff: { baseMs: 300, capMs: 2000, jitter: 0 }, stopTimeoutMs: 1500 });
    phone.events.on('incoming', (call) => events.push({ type: 'incoming', callId: call.id }));
    phone.events.on('dtmf-received', ({ callId, tone }) => events.push({ type: 'dtmf-received', callId, tone }));
    phone.events.on('dtmf-sent', ({ callId, tone, via }) => events.push({ type: 'dtmf-sent', callId, tone, via }));
    await phone.start();
  },
  async stop() {
    await phone?.stop();
  },
  snapshot: () => phone?.snapshot() ?? null,
  async act(action, argument = '', callId) {
    try {
      return { ok: true, value: await perform(action, argument, callId) };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  },
  stats,
  events,
  errors,
};

(window as unknown as { phoneHarness: PhoneHarness }).phoneHarness = harness;
