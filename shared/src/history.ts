/**
 * The call log, recordings, call quality and reports, as the REST API answers them. Times are
 * ISO 8601 UTC strings (these travel over HTTP, not the live socket). Durations are whole seconds.
 */
import type { CallDirection, LiveCallQuality } from './pbx';

export type CallOutcome = 'answered' | 'no_answer' | 'busy' | 'failed' | 'abandoned' | 'voicemail';
export const CALL_OUTCOMES: readonly CallOutcome[] = ['answered', 'no_answer', 'busy', 'failed', 'abandoned', 'voicemail'];
export const CALL_DIRECTIONS: readonly CallDirection[] = ['inbound', 'outbound', 'internal'];

/** Quick date ranges, in the server's configured time zone; `custom` uses `from`/`to`. */
export type HistoryRangePreset = 'today' | 'yesterday' | 'last7' | 'custom';
export const HISTORY_RANGE_PRESETS: readonly HistoryRangePreset[] = ['today', 'yesterday', 'last7', 'custom'];

/** A date range: a preset, or `custom` with `from`/`to` (ISO date `2026-12-01` or date-time). */
export interface HistoryRange {
  range?: HistoryRangePreset;
  from?: string;
  to?: string;
}

/**
 * The call log's filters. All optional; every value arrives as a query-string string and the
 * server validates it (a bad one is a 400 naming the field, in words).
 */
export interface CallLogFilter extends HistoryRange {
  /** Digits (and a leading +) matched against src, dst, cnum, did and every leg's party. */
  number?: string;
  /** `exact` (default) or `prefix`. */
  match?: 'exact' | 'prefix';
  direction?: CallDirection;
  outcome?: CallOutcome;
  /** Calls in which this extension took part. */
  extension?: string;
  /** Calls that went through this queue. */
  queue?: string;
  /** Minimum total duration, seconds. */
  minDuration?: number;
  /** `true`: only calls with a recording. */
  hasRecording?: boolean;
}

export interface CallLogQuery extends CallLogFilter {
  /** Opaque, from the previous page's `nextCursor`. */
  cursor?: string;
  /** 1–200, default 50. */
  limit?: number;
}

/** One leg of a call as the timeline shows it: "rang 1001 for 12 s", "answered by 1002". */
export interface CallLogLegView {
  /** The party reached: an extension number, a trunk name, or an application. */
  party: string;
  start: string;
  happened: 'answered' | 'busy' | 'no_answer' | 'failed';
  ringSeconds: number;
  talkSeconds: number;
}

/** A recording of a call: FreePBX's (named in the CDR) or OnDeck's own softphone recording. */
export interface CallRecordingRef {
  /** Position in the call's recording list; the link route takes it. */
  index: number;
  /** The file name, for the download. */
  name: string;
  source: 'pbx' | 'ondeck';
  /** False when the file is not on disk: the row shows "recording not found". */
  available: boolean;
  /** False for formats browsers cannot play (wav49 `.WAV` is GSM): download only. */
  playable: boolean;
}

export type QualityGrade = LiveCallQuality['grade'];

/** Call quality for a leg direction or a whole call: worst and average of the RTCP reports. */
export interface QualitySummary {
  grade: QualityGrade;
  /** Estimated MOS by the E-model (1–4.5). */
  mosAverage: number;
  mosWorst: number;
  jitterMsAverage: number;
  jitterMsWorst: number;
  lossPercentAverage: number;
  lossPercentWorst: number;
  rttMsAverage: number | null;
  rttMsWorst: number | null;
  reports: number;
}

export interface LegQuality {
  /** The channel the statistics belong to, e.g. `PJSIP/1001-00000004`. */
  channel: string;
  /** What Asterisk sent (`sent`, from RTCPSent: what the far end told us it received) and received. */
  direction: 'sent' | 'received';
  summary: QualitySummary;
}

export interface CallQualityDetail {
  linkedid: string;
  /** The whole call: the worst leg direction decides the grade. */
  summary: QualitySummary | null;
  legs: LegQuality[];
}

export interface CallLogEntry {
  /** The call id: Asterisk's linkedid, the same id the live view uses. */
  linkedid: string;
  start: string;
  end: string;
  direction: CallDirection;
  from: { number: string; name: string };
  to: string;
  did: string;
  /** Extension (or party) that answered, when anyone did. */
  answeredBy: string | null;
  queue: string | null;
  outcome: CallOutcome;
  waitSeconds: number;
  talkSeconds: number;
  totalSeconds: number;
  recordings: CallRecordingRef[];
  quality: QualitySummary | null;
  legs: CallLogLegView[];
}

export interface CallLogPage {
  entries: CallLogEntry[];
  /** Null on the last page. */
  nextCursor: string | null;
}

/** A short-lived signed URL for one recording (≤ 10 minutes); it carries no session token. */
export interface RecordingLink {
  url: string;
  expiresAt: string;
  contentType: string;
  playable: boolean;
}

/** The signed part of a recording link's URL: user, expiry (ms) and signature; `download=1` saves instead of playing. */
export interface RecordingLinkQuery {
  u: string;
  e: string;
  s: string;
  download?: '1';
}

// Reports -------------------------------------------------------------------------------

export type ReportName = 'volume' | 'queues' | 'agents' | 'heatmap';
export const REPORT_NAMES: readonly ReportName[] = ['volume', 'queues', 'agents', 'heatmap'];

export interface ReportQuery extends HistoryRange {
  /** `volume` only: bucket by hour or by day (default: hour for ranges up to 2 days, else day). */
  bucket?: 'hour' | 'day';
}

export interface VolumeBucket {
  /** Start of the bucket, ISO. */
  start: string;
  answered: number;
  missed: number;
}

export interface QueueReportRow {
  queue: string;
  offered: number;
  answered: number;
  abandoned: number;
  /** Percentage of offered calls answered within the service-level threshold. */
  serviceLevelPercent: number;
  serviceLevelSeconds: number;
  averageWaitSeconds: number;
  longestWaitSeconds: number;
  abandonRatePercent: number;
}

export interface AgentReportRow {
  extension: string;
  name: string;
  handled: number;
  missed: number;
  talkSeconds: number;
  averageHandleSeconds: number;
}

/** Calls per weekday (0 = Monday) and hour of day (0–23), in the configured time zone. */
export interface HeatmapCell {
  weekday: number;
  hour: number;
  calls: number;
}

export interface ReportRange {
  from: string;
  to: string;
  timeZone: string;
}

export type ReportData =
  | { report: 'volume'; range: ReportRange; bucket: 'hour' | 'day'; rows: VolumeBucket[] }
  | { report: 'queues'; range: ReportRange; rows: QueueReportRow[] }
  | { report: 'agents'; range: ReportRange; rows: AgentReportRow[] }
  | { report: 'heatmap'; range: ReportRange; rows: HeatmapCell[] };
