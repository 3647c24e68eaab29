import { z } from 'zod';
import { extensionSchema, monitorModeSchema, queueIdSchema } from './auth';
import type { Ack } from './errors';
import type { ModelChange, PbxSnapshot } from './pbx';
import type { QueueThresholdMap } from './queue-thresholds';

/**
 * The live operator panel protocol: scoped PBX state pushed to each socket, and the
 * supervisor actions the panel sends back. Every payload is already filtered to the
 * receiving user's scope on the server.
 *
 * Sequencing: every `panel:snapshot` and `panel:delta` sent to one socket carries a `seq`
 * that is strictly increasing on that socket. A client that sees a delta whose seq is not
 * `last + 1` asks for `panel:resync` and gets a fresh snapshot.
 */
export interface PanelSnapshot {
  seq: number;
  snapshot: PbxSnapshot;
  /** The admin-configured pause reasons, so non-admins can pause queue members. */
  pauseReasons: string[];
  /** Admin-set alert thresholds of the queues in this snapshot that have their own (others use the defaults). */
  queueThresholds?: QueueThresholdMap;
}

/** Sent when an admin changes a queue's thresholds; scoped like the snapshot, replaces the whole map. */
export interface PanelThresholds {
  queueThresholds: QueueThresholdMap;
}

export interface PanelDelta {
  seq: number;
  /** Coalesced changes in order; apply them one by one (latest state per object). */
  changes: ModelChange[];
}

/** A telephone number a person may dial or transfer to: digits, optional leading +, * or #. */
export const dialTargetSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9*#]{2,20}$/, 'must be 2 to 20 digits (may start with +, may contain * and #)');

/** Identifies a call and optionally one of its channels as the panel shows them. */
const callRefSchema = z.object({
  callId: z.string().trim().min(1).max(64),
  /** A channel of the call (as listed in its parties); absent means "the in-scope party". */
  channel: z.string().trim().min(1).max(128).optional(),
});

export const spyRequestSchema = callRefSchema.extend({ mode: monitorModeSchema });
export type SpyRequest = z.infer<typeof spyRequestSchema>;

/** Switch the supervisor's one monitoring session to another mode (ChanSpy's DTMF keys). */
export const spySwitchRequestSchema = z.object({ mode: monitorModeSchema }).strict();
export type SpySwitchRequest = z.infer<typeof spySwitchRequestSchema>;

/** Stop the supervisor's monitoring session (hangs up their ChanSpy leg). */
export const spyStopRequestSchema = z.object({}).strict().or(z.undefined()).or(z.null());
export type SpyStopRequest = z.infer<typeof spyStopRequestSchema>;

export const hangupRequestSchema = callRefSchema;
export type HangupRequest = z.infer<typeof hangupRequestSchema>;

export const redirectRequestSchema = callRefSchema.extend({ target: dialTargetSchema });
export type RedirectRequest = z.infer<typeof redirectRequestSchema>;

export const dialRequestSchema = z.object({ target: dialTargetSchema });
export type DialRequest = z.infer<typeof dialRequestSchema>;

export const queueMemberRequestSchema = z.object({ queue: queueIdSchema, extension: extensionSchema });
export type QueueMemberRequest = z.infer<typeof queueMemberRequestSchema>;

export const queuePauseRequestSchema = queueMemberRequestSchema.extend({
  /**
   * One of the admin-configured pause reasons (settings.pauseReasons). Left out only when the
   * admin configured none: then members are paused without a reason.
   */
  reason: z.string().trim().min(1, 'choose a pause reason').max(40).optional(),
});
export type QueuePauseRequest = z.infer<typeof queuePauseRequestSchema>;

/** Every panel action answers with what was done, for the toast. */
export interface PanelActionResult {
  message: string;
}

export type PanelAck = (result: Ack<PanelActionResult>) => void;

export interface PanelServerToClientEvents {
  'panel:snapshot': (payload: PanelSnapshot) => void;
  'panel:delta': (payload: PanelDelta) => void;
  'panel:thresholds': (payload: PanelThresholds) => void;
}

export interface PanelClientToServerEvents {
  /** Ask for a fresh snapshot (after a seq gap). */
  'panel:resync': (payload: Record<string, never>, ack: (result: Ack<{ seq: number }>) => void) => void;
  'panel:spy': (payload: SpyRequest, ack: PanelAck) => void;
  'panel:spy-switch': (payload: SpySwitchRequest, ack: PanelAck) => void;
  'panel:spy-stop': (payload: Record<string, never>, ack: PanelAck) => void;
  'panel:hangup': (payload: HangupRequest, ack: PanelAck) => void;
  'panel:redirect': (payload: RedirectRequest, ack: PanelAck) => void;
  'panel:dial': (payload: DialRequest, ack: PanelAck) => void;
  'panel:queue-add': (payload: QueueMemberRequest, ack: PanelAck) => void;
  'panel:queue-remove': (payload: QueueMemberRequest, ack: PanelAck) => void;
  'panel:queue-pause': (payload: QueuePauseRequest, ack: PanelAck) => void;
  'panel:queue-unpause': (payload: QueueMemberRequest, ack: PanelAck) => void;
}

/*
 * The panel's events join the one event map in socket.ts by interface merging, so the
 * protocol is still declared once and socket.ts needs no edit from this domain.
 */
declare module './socket' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ServerToClientEvents extends PanelServerToClientEvents {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ClientToServerEvents extends PanelClientToServerEvents {}
}
