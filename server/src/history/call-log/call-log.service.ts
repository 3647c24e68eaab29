import { Readable } from 'node:stream';
import type { CallLogEntry, CallLogPage, QualitySummary } from '@ondeck/shared';
import type { Actor } from '../../lib/actor';
import { AppError } from '../../lib/app-error';
import { csvCell } from '../../lib/csv';
import type { EffectiveScope } from '../../lib/scope';
import { groupCalls, type CallSummary } from '../call-grouping';
import type { CdrRow } from '../cdr-row';
import type { DirectionRules } from '../direction';
import type { QualityLookup } from '../quality/quality-lookup';
import type { CatalogedRecording, FolderCache, RecordingCatalog } from '../recordings/recording-catalog';
import { encodeCursor, type CallLogCursor, type CallLogFilters, type ParsedCallLogQuery } from './call-log-query';
import type { CallAnchor, CdrLeg, CdrRepository } from './cdr.repository';
import { anyOf, legHasRecording, legInQueues, legInvolves, type LegCondition } from './cdr-sql';

/** What a user may see in the log: an agent only their own calls, a supervisor their scope, an admin all. */
export type HistoryScope = { all: true } | { all: false; extensions: readonly string[]; queues: readonly string[] };

export function historyScope(actor: Pick<Actor, 'role' | 'extension' | 'scope'>): HistoryScope {
  if (actor.scope.all) return { all: true };
  if (actor.role === 'agent') return { all: false, extensions: actor.extension === null ? [] : [actor.extension], queues: [] };
  return { all: false, extensions: [...actor.scope.extensions], queues: [...actor.scope.queues] };
}

export function historyScopeOf(scope: EffectiveScope): HistoryScope {
  return scope.all ? { all: true } : { all: false, extensions: [...scope.extensions], queues: [...scope.queues] };
}

/** The one SQL form of a scope: the log, its export, a recording and the reports all use it. */
export function scopeCondition(scope: HistoryScope): LegCondition | null {
  if (scope.all) return null;
  return (alias) => anyOf([legInvolves(alias, scope.extensions), legInQueues(alias, scope.queues)]);
}

/** Calls a page may walk past looking for direction/outcome/duration matches before it answers with what it found. */
const SCAN_LIMIT = 5000;
/** Up to this many matching calls, a number search goes through its indexes; beyond it, walking is quick anyway. */
const CANDIDATE_CAP = 2000;
/** A queue's calls are many but cheap to collect through their Queue legs. */
const QUEUE_CANDIDATE_CAP = 20_000;
const EXPORT_BATCH = 1000;

interface WalkedCall {
  anchor: CallAnchor;
  summary: CallSummary;
  legs: CdrLeg[];
}

export interface CallLogServiceDeps {
  cdr: CdrRepository;
  rules: DirectionRules;
  quality: QualityLookup;
  recordings: RecordingCatalog;
}

export class CallLogService {
  constructor(private readonly deps: CallLogServiceDeps) {}

  async page(query: ParsedCallLogQuery, scope: HistoryScope): Promise<CallLogPage> {
    const found: WalkedCall[] = [];
    let nextCursor: string | null = null;
    for await (const step of this.walk(query, scope, query.cursor, Math.min(Math.max(query.limit + 1, 100), 500))) {
      const last = found.at(-1);
      if (found.length === query.limit && last) {
        // One more call (or more to scan) exists: the next page starts after the last one shown.
        nextCursor = encodeCursor({ calldate: last.anchor.calldateText, uniqueid: last.anchor.uniqueid });
        break;
      }
      if (step.kind === 'scan-limit') {
        nextCursor = encodeCursor(step.cursor);
        break;
      }
      found.push(step.call);
    }
    return { entries: await this.entries(found), nextCursor };
  }

  /** One call, when the scope may see it; otherwise the same 404 as for a call that does not exist. */
  async call(linkedid: string, scope: HistoryScope): Promise<CallLogEntry> {
    const walked = await this.visibleCall(linkedid, scope);
    const [entry] = await this.entries([walked]);
    if (!entry) throw callNotFound();
    return entry;
  }

  /** Throws the call log's 404 unless the scope may see this call (for what hangs off a call, e.g. its quality). */
  async assertVisible(linkedid: string, scope: HistoryScope): Promise<void> {
    await this.visibleCall(linkedid, scope);
  }

  /** The call's legs and its recordings, for the recording routes; 404 when out of scope. */
  async recordingsOf(linkedid: string, scope: HistoryScope): Promise<CatalogedRecording[]> {
    const walked = await this.visibleCall(linkedid, scope);
    return this.deps.recordings.recordingsOf(linkedid, walked.legs);
  }

  /** Throws when the CDR table cannot be read, so an export fails before its download starts. */
  async checkReadable(): Promise<void> {
    await this.deps.cdr.probe();
  }

  /** The filtered log as CSV, produced batch by batch so a million rows take flat memory. */
  exportCsv(filters: CallLogFilters, scope: HistoryScope): Readable {
    return Readable.from(this.csvLines(filters, scope), { objectMode: false, highWaterMark: 64 * 1024 });
  }

  private async *csvLines(filters: CallLogFilters, scope: HistoryScope): AsyncGenerator<string> {
    yield `${CSV_HEADER.join(',')}\r\n`;
    let batch: WalkedCall[] = [];
    const flush = async (): Promise<string> => {
      const quality = await this.deps.quality.summariesFor(batch.map((call) => call.summary.linkedid));
      const text = batch.map((call) => csvLine(call, quality.get(call.summary.linkedid) ?? null)).join('');
      batch = [];
      return text;
    };
    for await (const step of this.walk(filters, scope, null, EXPORT_BATCH, Number.POSITIVE_INFINITY)) {
      if (step.kind !== 'call') continue;
      batch.push(step.call);
      if (batch.length === EXPORT_BATCH) yield await flush();
    }
    if (batch.length > 0) yield await flush();
  }

  private async visibleCall(linkedid: string, scope: HistoryScope): Promise<WalkedCall> {
    if (!/^[\w.-]{1,32}$/.test(linkedid)) throw callNotFound();
    const condition = scopeCondition(scope);
    const legs = await this.deps.cdr.legsOf([linkedid]);
    if (legs.length === 0) throw callNotFound();
    if (condition && !(await this.deps.cdr.callMatches(linkedid, condition))) throw callNotFound();
    const [summary] = groupCalls(legs, this.deps.rules);
    const first = legs[0] as CdrLeg;
    if (!summary) throw callNotFound();
    return { anchor: { linkedid, uniqueid: first.uniqueid, calldateText: first.calldateText }, summary, legs };
  }

  /**
   * The calls matching the filters, newest first, from `cursor` on. SQL applies the scope and
   * every filter a leg can answer (number, extension, queue, recording); direction, outcome and
   * duration belong to the whole call, so they are checked here on the grouped call, with the
   * same grouping the entries show. After `scanLimit` calls without filling the page it yields
   * where it stopped, so one request stays bounded.
   */
  private async *walk(
    filters: CallLogFilters,
    scope: HistoryScope,
    cursor: CallLogCursor | null,
    batchSize: number,
    scanLimit = SCAN_LIMIT,
  ): AsyncGenerator<{ kind: 'call'; call: WalkedCall } | { kind: 'scan-limit'; cursor: CallLogCursor }> {
    const legConditions: LegCondition[] = [];
    const scoped = scopeCondition(scope);
    if (scoped) legConditions.push(scoped);
    const number = filters.number;
    const numberCondition: LegCondition | null = number
      ? (alias) => legInvolves(alias, [number.value], { prefix: number.match === 'prefix', did: true })
      : null;
    if (numberCondition) legConditions.push(numberCondition);
    const extension = filters.extension;
    const extensionCondition: LegCondition | null = extension ? (alias) => legInvolves(alias, [extension]) : null;
    if (extensionCondition) legConditions.push(extensionCondition);
    const queue = filters.queue;
    const queueCondition: LegCondition | null = queue ? (alias) => legInQueues(alias, [queue]) : null;
    if (queueCondition) legConditions.push(queueCondition);
    if (filters.hasRecording === true) legConditions.push(legHasRecording);

    // A scope of a few extensions is looked up like a number; a wider one would make one OR of a
    // hundred index ranges (slower than walking the calls, of which it then matches many).
    const smallScope = !scope.all && scope.extensions.length <= 2 && scope.queues.length === 0 ? scoped : null;
    // A queue's calls come from its Queue legs (index on lastdata); a page then walks calls with a
    // cheap membership test instead of probing every call's legs.
    const direct = numberCondition ?? extensionCondition ?? smallScope;
    const narrowing: [LegCondition, number] | null = direct ? [direct, CANDIDATE_CAP] : queueCondition ? [queueCondition, QUEUE_CANDIDATE_CAP] : null;
    let onlyCalls: string[] | undefined;
    let walkConditions = legConditions;
    if (narrowing) {
      const matches = await this.deps.cdr.matchingCalls(narrowing[0], filters.from, filters.to, narrowing[1]);
      if (matches !== 'many') {
        onlyCalls = matches;
        // The candidates are exactly the calls with such a leg (their legs all start within a day
        // of the first): probing each one's legs for it again would only cost time.
        walkConditions = legConditions.filter((condition) => condition !== narrowing[0]);
      }
    }

    // Over a known set of calls the first legs are sorted once; otherwise SQL walks them page by page.
    const candidates = onlyCalls ? await this.deps.cdr.anchorsAmong(onlyCalls, filters.from, filters.to) : null;
    const after = (anchor: CallAnchor, at: CallLogCursor | null): boolean =>
      at === null || anchor.calldateText < at.calldate || (anchor.calldateText === at.calldate && anchor.uniqueid < at.uniqueid);
    let candidateIndex = candidates ? candidates.findIndex((anchor) => after(anchor, cursor)) : 0;
    if (candidateIndex < 0) return;

    let position = cursor;
    let scanned = 0;
    for (;;) {
      let anchors: CallAnchor[];
      let exhausted: boolean;
      if (candidates) {
        const chunk = candidates.slice(candidateIndex, candidateIndex + batchSize);
        candidateIndex += chunk.length;
        exhausted = candidateIndex >= candidates.length;
        if (chunk.length === 0) return;
        // The other conditions (scope, recording, …) are still SQL, on just this chunk.
        anchors =
          walkConditions.length === 0
            ? chunk
            : await this.deps.cdr.anchors({ from: filters.from, to: filters.to, cursor: null, legConditions: walkConditions, limit: chunk.length, onlyCalls: chunk.map((anchor) => anchor.linkedid) });
        position = { calldate: (chunk.at(-1) as CallAnchor).calldateText, uniqueid: (chunk.at(-1) as CallAnchor).uniqueid };
      } else {
        anchors = await this.deps.cdr.anchors({ from: filters.from, to: filters.to, cursor: position, legConditions: walkConditions, limit: batchSize });
        exhausted = anchors.length < batchSize;
      }
      const legs = await this.deps.cdr.legsOf(anchors.map((anchor) => anchor.linkedid));
      const byCall = new Map<string, CdrLeg[]>();
      for (const leg of legs) {
        const list = byCall.get(leg.linkedid);
        if (list) list.push(leg);
        else byCall.set(leg.linkedid, [leg]);
      }
      const summaries = new Map(groupCalls(legs, this.deps.rules).map((summary) => [summary.linkedid, summary]));
      for (const anchor of anchors) {
        scanned += 1;
        if (!candidates) position = { calldate: anchor.calldateText, uniqueid: anchor.uniqueid };
        const summary = summaries.get(anchor.linkedid);
        const callLegs = byCall.get(anchor.linkedid) ?? [];
        if (summary && matchesCallFilters(summary, filters)) yield { kind: 'call', call: { anchor, summary, legs: callLegs } };
        else if (scanned >= scanLimit && position) {
          yield { kind: 'scan-limit', cursor: candidates ? { calldate: anchor.calldateText, uniqueid: anchor.uniqueid } : position };
          return;
        }
      }
      if (exhausted) return;
    }
  }

  private async entries(calls: readonly WalkedCall[]): Promise<CallLogEntry[]> {
    const quality = await this.deps.quality.summariesFor(calls.map((call) => call.summary.linkedid));
    const folders: FolderCache = new Map();
    return Promise.all(
      calls.map(async (call) => {
        const recordings = await this.deps.recordings.recordingsOf(call.summary.linkedid, call.legs, folders);
        return entryOf(call.summary, call.legs, recordings.map((recording) => recording.ref), quality.get(call.summary.linkedid) ?? null);
      }),
    );
  }
}

function matchesCallFilters(call: CallSummary, filters: CallLogFilters): boolean {
  if (filters.direction && call.direction !== filters.direction) return false;
  if (filters.outcome && call.outcome !== filters.outcome) return false;
  if (filters.minDuration !== undefined && call.totalSeconds < filters.minDuration) return false;
  // "No recording" is about the whole call (no leg names one), so it is checked on the grouped call.
  if (filters.hasRecording === false && call.recordingfiles.length > 0) return false;
  return true;
}

const callNotFound = (): AppError => new AppError('not_found', 'There is no such call in your call log.');

function didOf(legs: readonly CdrRow[]): string {
  return legs.find((leg) => leg.did !== '')?.did ?? '';
}

export function entryOf(call: CallSummary, legs: readonly CdrRow[], recordings: CallLogEntry['recordings'], quality: QualitySummary | null): CallLogEntry {
  return {
    linkedid: call.linkedid,
    start: call.start.toISOString(),
    end: call.end.toISOString(),
    direction: call.direction,
    from: call.from,
    to: call.to,
    did: didOf(legs),
    answeredBy: call.answeredBy ?? null,
    queue: call.queue ?? null,
    outcome: call.outcome,
    waitSeconds: Math.round(call.waitSeconds),
    talkSeconds: Math.round(call.talkSeconds),
    totalSeconds: Math.round(call.totalSeconds),
    recordings,
    quality,
    legs: call.legs.map((leg) => ({ party: leg.party, start: leg.start.toISOString(), happened: leg.happened, ringSeconds: leg.ringSeconds, talkSeconds: leg.talkSeconds })),
  };
}

const CSV_HEADER = [
  'start', 'end', 'direction', 'from_number', 'from_name', 'to', 'did', 'answered_by', 'queue', 'outcome',
  'wait_seconds', 'talk_seconds', 'total_seconds', 'recordings', 'quality', 'mos', 'linkedid',
] as const;

function csvLine({ summary, legs }: WalkedCall, quality: QualitySummary | null): string {
  const recordings = [...new Set(legs.map((leg) => leg.recordingfile).filter((file) => file !== ''))].join(' ');
  const cells = [
    summary.start.toISOString(), summary.end.toISOString(), summary.direction, summary.from.number, summary.from.name, summary.to, didOf(legs),
    summary.answeredBy ?? '', summary.queue ?? '', summary.outcome, Math.round(summary.waitSeconds), Math.round(summary.talkSeconds),
    Math.round(summary.totalSeconds), recordings, quality?.grade ?? '', quality ? quality.mosAverage.toFixed(2) : '', summary.linkedid,
  ];
  return `${cells.map(csvCell).join(',')}\r\n`;
}
