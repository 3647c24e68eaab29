import { defineStore } from 'pinia';
import { computed, shallowRef, triggerRef } from 'vue';
import type {
  Ack,
  CallView,
  DialRequest,
  ExtensionView,
  HangupRequest,
  PanelActionResult,
  PanelDelta,
  PanelMirror,
  PanelObjectKind,
  PanelSnapshot,
  PanelThresholds,
  QueueMemberRequest,
  QueueThresholdMap,
  QueueThresholds,
  QueuePauseRequest,
  QueueView,
  RedirectRequest,
  SpyRequest,
  SpySwitchRequest,
} from '@ondeck/shared';
import { applyPanelDelta, mirrorPanelSnapshot, thresholdsFor } from '@ondeck/shared';
import type { OnDeckSocket } from './socket';

/** How long an action may wait for the server's answer before the panel says so. */
export const ACTION_TIMEOUT_MS = 10_000;

type PanelAction =
  | ['panel:spy', SpyRequest]
  | ['panel:spy-switch', SpySwitchRequest]
  | ['panel:spy-stop', Record<string, never>]
  | ['panel:hangup', HangupRequest]
  | ['panel:redirect', RedirectRequest]
  | ['panel:dial', DialRequest]
  | ['panel:queue-add', QueueMemberRequest]
  | ['panel:queue-remove', QueueMemberRequest]
  | ['panel:queue-pause', QueuePauseRequest]
  | ['panel:queue-unpause', QueueMemberRequest];

const notConnected = (): Ack<PanelActionResult> => ({
  ok: false,
  error: { code: 'pbx_unavailable', message: 'The panel is not connected. Wait for it to reconnect and try again.' },
});

// One collator: localeCompare with options builds a new one per call, which re-sorting 2,000 tiles felt.
const numericOrder = new Intl.Collator(undefined, { numeric: true });
/** Views follow deltas at most this often (about ten times a second). */
export const REDRAW_INTERVAL_MS = 100;
const byNumber = (a: { number: string }, b: { number: string }): number => numericOrder.compare(a.number, b.number);

/**
 * The live PBX state this user may see, as the server pushes it: a snapshot, then numbered
 * deltas. A delta whose seq is not the next one means something was missed, so the store
 * asks for a fresh snapshot instead of guessing. `stale` is true whenever the data may be
 * old (socket down, PBX link down, resync pending): views must never show it as live.
 */
export const usePbxStore = defineStore('pbx', () => {
  const extensionMap = shallowRef(new Map<string, ExtensionView>());
  const callMap = shallowRef(new Map<string, CallView>());
  const queueMap = shallowRef(new Map<string, QueueView>());
  const seq = shallowRef<number | null>(null);
  const pbxStale = shallowRef(true);
  const connected = shallowRef(false);
  const resyncing = shallowRef(false);
  const pauseReasons = shallowRef<readonly string[]>([]);
  /** Admin-set alert thresholds of the visible queues that have their own; others use the defaults. */
  const queueThresholds = shallowRef<QueueThresholdMap>({});

  const loaded = computed(() => seq.value !== null);
  const stale = computed(() => !loaded.value || !connected.value || pbxStale.value || resyncing.value);
  const extensions = computed(() => [...extensionMap.value.values()].sort(byNumber));
  const calls = computed(() => [...callMap.value.values()].sort((a, b) => a.startedAt - b.startedAt));
  const queues = computed(() => [...queueMap.value.values()].sort((a, b) => a.name.localeCompare(b.name)));

  let socket: OnDeckSocket | null = null;

  function applySnapshot(payload: PanelSnapshot): void {
    const mirror = mirrorPanelSnapshot(payload);
    untriggered.clear(); // the new maps below replace whatever was waiting to be drawn
    extensionMap.value = mirror.extensions;
    callMap.value = mirror.calls;
    queueMap.value = mirror.queues;
    pbxStale.value = mirror.pbxStale;
    pauseReasons.value = payload.pauseReasons;
    queueThresholds.value = payload.queueThresholds ?? {};
    seq.value = mirror.seq;
    resyncing.value = false;
  }

  function applyDelta(payload: PanelDelta): void {
    if (seq.value === null) return;
    // The shared mirror changes the maps in place; views learn of it through redrawSoon().
    const mirror: PanelMirror = { seq: seq.value, extensions: extensionMap.value, calls: callMap.value, queues: queueMap.value, pbxStale: pbxStale.value };
    const outcome = applyPanelDelta(mirror, payload);
    if (outcome.result === 'gap') {
      resync();
      return;
    }
    if (outcome.result === 'old') return;
    seq.value = mirror.seq;
    pbxStale.value = mirror.pbxStale;
    for (const kind of outcome.touched) untriggered.add(kind);
    redrawSoon();
  }

  /*
   * The server sends a busy panel a batch every few milliseconds (it limits each object, not
   * the socket). The maps change at once, so actions always read current state, but views are
   * told at most every REDRAW_INTERVAL_MS: redrawing a wall of 2,000 tiles sixty times a
   * second costs more frames than it shows changes.
   */
  const untriggered = new Set<PanelObjectKind>();
  let redrawTimer: ReturnType<typeof setTimeout> | null = null;
  let lastRedrawAt = Number.NEGATIVE_INFINITY;

  function redrawSoon(): void {
    if (redrawTimer !== null || untriggered.size === 0) return;
    const wait = lastRedrawAt + REDRAW_INTERVAL_MS - Date.now();
    if (wait <= 0) redrawNow();
    else redrawTimer = setTimeout(redrawNow, wait);
  }

  function redrawNow(): void {
    if (redrawTimer !== null) clearTimeout(redrawTimer);
    redrawTimer = null;
    lastRedrawAt = Date.now();
    if (untriggered.has('extension')) triggerRef(extensionMap);
    if (untriggered.has('call')) triggerRef(callMap);
    if (untriggered.has('queue')) triggerRef(queueMap);
    untriggered.clear();
  }

  /** Asks the server for a fresh snapshot; one request at a time. */
  function resync(): void {
    if (resyncing.value) return;
    resyncing.value = true;
    if (!socket?.connected) return; // the next connect brings a snapshot anyway
    socket.emit('panel:resync', {}, (result) => {
      if (result.ok) return;
      // Refused (e.g. rate limited): the data stays marked as not live until a retry succeeds.
      const retryMs = (result.error.retryAfter ?? 1) * 1000;
      setTimeout(() => {
        resyncing.value = false;
        resync();
      }, retryMs);
    });
  }

  /** Called by the socket store for every socket it opens. */
  function attach(target: OnDeckSocket): void {
    socket = target;
    connected.value = target.connected;
    target.on('connect', () => {
      connected.value = true;
    });
    target.on('disconnect', () => {
      connected.value = false;
      // A new connection starts a new sequence with its own snapshot.
      seq.value = null;
      resyncing.value = false;
    });
    target.on('panel:snapshot', applySnapshot);
    target.on('panel:delta', applyDelta);
    target.on('panel:thresholds', applyThresholds);
  }

  function applyThresholds(payload: PanelThresholds): void {
    queueThresholds.value = payload.queueThresholds;
  }

  function detach(): void {
    socket = null;
    connected.value = false;
    seq.value = null;
  }

  async function run(...[event, payload]: PanelAction): Promise<Ack<PanelActionResult>> {
    if (!socket?.connected) return notConnected();
    try {
      // The tuple keeps event and payload matched; socket.io's overloads cannot see that.
      return (await socket.timeout(ACTION_TIMEOUT_MS).emitWithAck(event as 'panel:dial', payload as DialRequest)) as Ack<PanelActionResult>;
    } catch {
      return { ok: false, error: { code: 'pbx_unavailable', message: 'The server did not answer in time. Check the panel and try again.' } };
    }
  }

  const extension = (number: string): ExtensionView | undefined => extensionMap.value.get(number);
  const call = (id: string): CallView | undefined => callMap.value.get(id);
  const queue = (name: string): QueueView | undefined => queueMap.value.get(name);
  const thresholdsOf = (name: string): QueueThresholds => thresholdsFor(queueThresholds.value, name);
  const callsOf = (number: string): CallView[] =>
    (extensionMap.value.get(number)?.callIds ?? []).flatMap((id) => callMap.value.get(id) ?? []);
  const queuesOf = (number: string): QueueView[] => queues.value.filter((q) => q.members.some((m) => m.extension === number));

  return {
    extensions,
    calls,
    queues,
    seq,
    loaded,
    stale,
    connected,
    pauseReasons,
    queueThresholds,
    applySnapshot,
    applyDelta,
    applyThresholds,
    resync,
    attach,
    detach,
    extension,
    call,
    queue,
    thresholdsOf,
    callsOf,
    queuesOf,
    spy: (request: SpyRequest) => run('panel:spy', request),
    spySwitch: (request: SpySwitchRequest) => run('panel:spy-switch', request),
    spyStop: () => run('panel:spy-stop', {}),
    hangup: (request: HangupRequest) => run('panel:hangup', request),
    redirect: (request: RedirectRequest) => run('panel:redirect', request),
    dial: (request: DialRequest) => run('panel:dial', request),
    queueAdd: (request: QueueMemberRequest) => run('panel:queue-add', request),
    queueRemove: (request: QueueMemberRequest) => run('panel:queue-remove', request),
    queuePause: (request: QueuePauseRequest) => run('panel:queue-pause', request),
    queueUnpause: (request: QueueMemberRequest) => run('panel:queue-unpause', request),
  };
});
