import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import {
  CallState,
  Phone,
  RegistrationState,
  IncomingCallNotifier,
  TabElection,
  TabRole,
  TonePlayer,
  cueForEndedCall,
  goOnCall as runGoOnCall,
  loadDevicePrefs,
  loadRecentCalls,
  loopingToneFor,
  recentCallResult,
  rememberRecentCall,
  saveDevicePrefs,
  type AudioDevicePrefs,
  type CallSnapshot,
  type GoOnCallProgress,
  type NotificationAvailability,
  type PhoneConfig,
  type PhoneSnapshot,
  type RecentCall,
} from '../phone';
import { phoneApi } from '../api/endpoints';
import { runDetached } from '../lib/detached';

/** What the header indicator and the phone view show about the registration. */
export type PhoneStatus = 'off' | 'connecting' | 'ready' | 'reconnecting' | 'failed' | 'other-tab';

const STATUS_LABELS: Record<PhoneStatus, string> = {
  off: 'Phone off',
  connecting: 'Phone connecting',
  ready: 'Phone ready',
  reconnecting: 'Phone reconnecting',
  failed: 'Phone failed',
  'other-tab': 'Phone in another tab',
};

/**
 * Mirrors the framework-free Phone for Vue. Owns the Phone instance (only in the tab the
 * election picked), its tones and notifications; components call these actions and read
 * plain snapshots, never SIP.js objects.
 */
export const usePhoneStore = defineStore('phone', () => {
  const snapshot = shallowRef<PhoneSnapshot | null>(null);
  const tabRole = shallowRef<TabRole>(TabRole.Idle);
  const lastError = shallowRef<string | null>(null);
  /** Recording runs on the PBX (MixMonitor on our channel), so it survives this tab closing. */
  const recording = shallowRef(false);
  const recentCalls = shallowRef<RecentCall[]>(loadRecentCalls());
  const devices = shallowRef<AudioDevicePrefs>(loadDevicePrefs());
  const goOnCallProgress = shallowRef<GoOnCallProgress | null>(null);
  const notifier = new IncomingCallNotifier();
  const notifications = shallowRef<NotificationAvailability>(notifier.availability());

  let phone: Phone | null = null;
  let election: TabElection | null = null;
  let config: PhoneConfig | null = null;
  let tones: TonePlayer | null = null;
  const seenCalls = new Map<string, CallSnapshot>();

  const registration = computed(() => snapshot.value?.registration ?? null);
  const liveCalls = computed(() => snapshot.value?.calls.filter((call) => call.state !== CallState.Ended) ?? []);
  const ringingCall = computed(() => liveCalls.value.find((call) => call.state === CallState.RingingIn) ?? null);
  const activeCall = computed(
    () =>
      liveCalls.value.find((call) => call.state === CallState.Talking || call.state === CallState.Conference) ??
      liveCalls.value.find((call) => call.state !== CallState.RingingIn) ??
      null,
  );
  const lastEndedCall = computed(() => snapshot.value?.calls.find((call) => call.state === CallState.Ended) ?? null);
  const status = computed<PhoneStatus>(() => {
    if (tabRole.value === TabRole.Standby) return 'other-tab';
    switch (registration.value?.state) {
      case RegistrationState.Registered:
        return 'ready';
      case RegistrationState.Registering:
        return 'connecting';
      case RegistrationState.Reconnecting:
        return 'reconnecting';
      case RegistrationState.Failed:
        return 'failed';
      default:
        return 'off';
    }
  });
  const statusLabel = computed(() => STATUS_LABELS[status.value]);

  function onSnapshot(next: PhoneSnapshot): void {
    snapshot.value = next;
    // MixMonitor ends with the channel: no live call means nothing is being recorded.
    if (!next.calls.some((call) => call.state !== CallState.Ended)) recording.value = false;
    tones?.loop(loopingToneFor(next));
    for (const call of next.calls) {
      const before = seenCalls.get(call.id);
      if (call.state === CallState.Ended && before && before.state !== CallState.Ended) onCallEnded(call);
      seenCalls.set(call.id, call);
    }
  }

  function onCallEnded(call: CallSnapshot): void {
    notifier.close(call.id);
    const cue = cueForEndedCall(call.outcome, call.answeredAt !== null);
    if (cue) tones?.cue(cue).catch(() => undefined);
    recentCalls.value = rememberRecentCall(recentCalls.value, {
      number: call.remoteUser,
      name: call.remoteName,
      direction: call.direction,
      at: call.startedAt,
      answered: call.answeredAt !== null,
      result: recentCallResult(call.direction, call.answeredAt !== null, call.outcome),
    });
  }

  async function startPhone(): Promise<void> {
    if (!config || phone) return;
    const created = new Phone(config);
    phone = created;
    tones = new TonePlayer();
    tones.setSinks(devices.value.speakerId, devices.value.ringerId).catch(() => undefined);
    created.setDevices({ micId: devices.value.micId, speakerId: devices.value.speakerId });
    created.events.on('change', onSnapshot);
    created.events.on('incoming', (call) => notifier.notify(call.id, call.remoteName || call.remoteUser));
    await created.start();
  }

  async function stopPhone(): Promise<void> {
    const current = phone;
    phone = null;
    tones?.dispose();
    tones = null;
    if (current) await current.stop();
    snapshot.value = null;
  }

  /** Starts the phone for `nextConfig` in this tab, unless another tab already owns it. */
  function connect(nextConfig: PhoneConfig): void {
    config = nextConfig;
    if (election) return;
    election = new TabElection();
    election.onChange((role) => {
      tabRole.value = role;
      if (role === TabRole.Owner) runDetached('starting the phone in this tab', () => guard(startPhone));
      if (role === TabRole.Standby) runDetached('handing the phone to another tab', () => guard(stopPhone));
    });
    election.start();
    window.addEventListener('pagehide', onPageHide);
  }

  /** Closing the tab hands the phone to another tab and unregisters (raced, never blocking). */
  function onPageHide(): void {
    election?.close();
    election = null;
    void stopPhone().catch(() => undefined);
  }

  async function disconnect(): Promise<void> {
    window.removeEventListener('pagehide', onPageHide);
    election?.close();
    election = null;
    tabRole.value = TabRole.Idle;
    await stopPhone();
  }

  function takeOver(): void {
    election?.takeOver();
  }

  /** Runs a phone action; a failure becomes `lastError` for the UI instead of a rejection. */
  async function guard(action: () => Promise<unknown> | void): Promise<boolean> {
    lastError.value = null;
    try {
      await action();
      return true;
    } catch (error) {
      lastError.value = error instanceof Error ? error.message : String(error);
      return false;
    }
  }

  function requirePhone(): Phone {
    if (!phone) throw new Error(tabRole.value === TabRole.Standby ? 'The phone is active in another tab' : 'The phone is off');
    return phone;
  }

  function setDevices(next: AudioDevicePrefs): void {
    devices.value = { ...next };
    saveDevicePrefs(next);
    phone?.setDevices({ micId: next.micId, speakerId: next.speakerId });
    tones?.setSinks(next.speakerId, next.ringerId).catch(() => undefined);
  }

  async function setRecording(on: boolean): Promise<boolean> {
    return guard(async () => {
      recording.value = (await phoneApi.setRecording({ on })).recording;
    });
  }

  async function enableNotifications(): Promise<void> {
    notifications.value = await notifier.requestPermission();
  }

  return {
    snapshot,
    recording,
    setRecording,
    tabRole,
    lastError,
    recentCalls,
    devices,
    goOnCallProgress,
    notifications,
    registration,
    liveCalls,
    ringingCall,
    activeCall,
    lastEndedCall,
    status,
    statusLabel,
    connect,
    disconnect,
    takeOver,
    setDevices,
    enableNotifications,
    clearError: () => (lastError.value = null),
    dial: (number: string) => guard(() => requirePhone().dial(number)),
    answer: (id?: string) => guard(() => requirePhone().answer(id)),
    decline: (id?: string) => guard(() => requirePhone().decline(id)),
    hangup: (id?: string) => guard(() => requirePhone().hangup(id)),
    hold: (id?: string) => guard(() => requirePhone().hold(id)),
    resume: (id?: string) => guard(() => requirePhone().resume(id)),
    setMuted: (muted: boolean, id?: string) => guard(() => requirePhone().setMuted(muted, id)),
    sendDtmf: (tones: string, id?: string) => guard(() => requirePhone().sendDtmf(tones, id)),
    blindTransfer: (target: string, id?: string) => guard(() => requirePhone().blindTransfer(target, id)),
    startConsultation: (target: string) => guard(() => requirePhone().startConsultation(target)),
    completeTransfer: () => guard(() => requirePhone().completeTransfer()),
    cancelConsultation: () => guard(() => requirePhone().cancelConsultation()),
    mergeConference: () => guard(() => requirePhone().mergeConference()),
    goOnCall: (featureCode: string, pin: string) =>
      guard(() => runGoOnCall(requirePhone(), featureCode, pin, (progress) => (goOnCallProgress.value = progress))),
  };
});
