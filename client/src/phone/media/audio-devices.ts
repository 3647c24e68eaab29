/** The operator's chosen audio devices; empty string means the browser default. */
export interface AudioDevicePrefs {
  micId: string;
  speakerId: string;
  ringerId: string;
}

export interface AudioDeviceOption {
  id: string;
  label: string;
}

export const DEVICE_PREFS_KEY = 'ondeck.phone.devices';
export const DEFAULT_DEVICE_PREFS: AudioDevicePrefs = { micId: '', speakerId: '', ringerId: '' };

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

/** Reads the remembered devices; anything unreadable falls back to the defaults. */
export function loadDevicePrefs(storage: KeyValueStore = localStorage): AudioDevicePrefs {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(DEVICE_PREFS_KEY) ?? 'null');
    if (typeof parsed !== 'object' || parsed === null) return { ...DEFAULT_DEVICE_PREFS };
    const record = parsed as Record<string, unknown>;
    const text = (key: keyof AudioDevicePrefs): string => (typeof record[key] === 'string' ? record[key] : '');
    return { micId: text('micId'), speakerId: text('speakerId'), ringerId: text('ringerId') };
  } catch {
    return { ...DEFAULT_DEVICE_PREFS };
  }
}

export function saveDevicePrefs(prefs: AudioDevicePrefs, storage: KeyValueStore = localStorage): void {
  try {
    storage.setItem(DEVICE_PREFS_KEY, JSON.stringify(prefs));
  } catch {
    // Private mode or full storage: the choice lasts for this page only.
  }
}

/** Whether this browser can route audio to a chosen output (Firefox could not for long). */
export function canChooseOutput(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

/**
 * Microphones and outputs. Labels are empty until the site has microphone permission;
 * we then show "Microphone 1" and so on rather than nothing.
 */
export async function listAudioDevices(): Promise<{ inputs: AudioDeviceOption[]; outputs: AudioDeviceOption[] }> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  const pick = (kind: MediaDeviceKind, fallback: string): AudioDeviceOption[] =>
    devices
      .filter((device) => device.kind === kind && device.deviceId !== '')
      .map((device, index) => ({ id: device.deviceId, label: device.label || `${fallback} ${index + 1}` }));
  return { inputs: pick('audioinput', 'Microphone'), outputs: pick('audiooutput', 'Speaker') };
}

/** RMS of time-domain samples (centred on 128), scaled to 0..1 for a level bar. */
export function levelFromSamples(samples: Uint8Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const sample of samples) {
    const centred = (sample - 128) / 128;
    sum += centred * centred;
  }
  return Math.min(1, Math.sqrt(sum / samples.length) * 3);
}

/** Live input level of a microphone, for the settings panel's meter. */
export class InputLevelMeter {
  #stream: MediaStream | null = null;
  #context: AudioContext | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** Opens `micId` and reports its level about ten times a second until stop(). */
  async start(micId: string, onLevel: (level: number) => void): Promise<void> {
    this.stop();
    const stream = await navigator.mediaDevices.getUserMedia({ audio: micId ? { deviceId: { exact: micId } } : true });
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Uint8Array(analyser.fftSize);
    this.#stream = stream;
    this.#context = context;
    this.#timer = setInterval(() => {
      analyser.getByteTimeDomainData(samples);
      onLevel(levelFromSamples(samples));
    }, 100);
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    for (const track of this.#stream?.getTracks() ?? []) track.stop();
    this.#stream = null;
    this.#context?.close().catch(() => undefined);
    this.#context = null;
  }
}
