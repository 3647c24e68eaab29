import { getCurrentScope, onScopeDispose, shallowRef, type ShallowRef } from 'vue';
import type { RecordingLink } from '@ondeck/shared';
import { runDetached } from '../../lib/detached';
import { describeError } from '../../lib/errors';

export const PLAYBACK_SPEEDS = [1, 1.5, 2] as const;
export type PlaybackSpeed = (typeof PLAYBACK_SPEEDS)[number];

/** A signed link this close to its expiry is fetched again: the next range request could fail. */
export const LINK_MARGIN_MS = 15_000;

/** The part of HTMLMediaElement the player drives; tests pass a fake. */
export interface PlayerMedia {
  src: string;
  currentTime: number;
  readonly duration: number;
  playbackRate: number;
  defaultPlaybackRate: number;
  readonly paused: boolean;
  preload: string;
  play: () => Promise<void>;
  pause: () => void;
  removeAttribute: (name: string) => void;
  addEventListener: (type: string, listener: () => void) => void;
}

export interface UseRecordingPlayerOptions {
  createMedia?: () => PlayerMedia;
  now?: () => number;
}

export interface UseRecordingPlayerReturn {
  playing: ShallowRef<boolean>;
  /** Waiting for the signed link or the first audio. */
  loading: ShallowRef<boolean>;
  position: ShallowRef<number>;
  /** Seconds, 0 until the audio's length is known. */
  duration: ShallowRef<number>;
  speed: ShallowRef<PlaybackSpeed>;
  error: ShallowRef<string | null>;
  toggle: () => Promise<void>;
  seek: (seconds: number) => void;
  setSpeed: (speed: PlaybackSpeed) => void;
}

/** Where a seek lands: inside the recording, and nowhere when its length is not known yet. */
export function clampSeek(target: number, duration: number): number {
  if (!Number.isFinite(target) || !Number.isFinite(duration) || duration <= 0) return 0;
  return Math.min(Math.max(0, target), duration);
}

export function linkIsFresh(link: RecordingLink | null, now: number): link is RecordingLink {
  return link !== null && Date.parse(link.expiresAt) - LINK_MARGIN_MS > now;
}

/**
 * Plays one recording through its short-lived signed link. The link is asked for when the user
 * first presses play, and again when it has expired (a resume after a long pause, or a seek whose
 * range request the server refused), keeping the position and speed.
 */
export function useRecordingPlayer(fetchLink: () => Promise<RecordingLink>, options: UseRecordingPlayerOptions = {}): UseRecordingPlayerReturn {
  const now = options.now ?? Date.now;
  const playing = shallowRef(false);
  const loading = shallowRef(false);
  const position = shallowRef(0);
  const duration = shallowRef(0);
  const speed = shallowRef<PlaybackSpeed>(1);
  const error = shallowRef<string | null>(null);
  let media: PlayerMedia | null = null;
  let link: RecordingLink | null = null;
  /** A failed load retried once with a fresh link; a second failure is the file's fault. */
  let retried = false;

  function element(): PlayerMedia {
    if (media) return media;
    const created = options.createMedia ? options.createMedia() : new Audio();
    created.preload = 'metadata';
    created.addEventListener('timeupdate', () => (position.value = created.currentTime));
    created.addEventListener('durationchange', () => (duration.value = Number.isFinite(created.duration) ? created.duration : 0));
    created.addEventListener('playing', () => {
      loading.value = false;
      playing.value = true;
      retried = false;
    });
    created.addEventListener('pause', () => (playing.value = false));
    created.addEventListener('ended', () => (playing.value = false));
    created.addEventListener('error', () => runDetached('reloading a recording after a playback error', recover));
    media = created;
    return created;
  }

  async function load(target: PlayerMedia): Promise<void> {
    const resumeAt = position.value;
    link = await fetchLink();
    target.src = link.url;
    // A new source resets the rate to the default one, so both carry the chosen speed.
    target.defaultPlaybackRate = speed.value;
    target.playbackRate = speed.value;
    if (resumeAt > 0) target.currentTime = resumeAt;
  }

  async function start(): Promise<void> {
    const target = element();
    error.value = null;
    loading.value = true;
    try {
      if (!linkIsFresh(link, now())) await load(target);
      await target.play();
    } catch (cause) {
      loading.value = false;
      playing.value = false;
      // A pause pressed before playback began interrupts play(): not a failure.
      if (cause instanceof DOMException && cause.name === 'AbortError') return;
      error.value = cause instanceof DOMException ? 'The recording could not be played in this browser. Download it instead.' : describeError(cause);
    }
  }

  async function recover(): Promise<void> {
    if (!media || !link) return;
    if (retried) {
      loading.value = false;
      playing.value = false;
      error.value = 'The recording could not be loaded. Try again or download it.';
      return;
    }
    // Most often the signed link ran out while paused or seeking: a fresh one picks up the place.
    retried = true;
    link = null;
    const wasPlaying = playing.value || loading.value;
    if (wasPlaying) await start();
  }

  async function toggle(): Promise<void> {
    if (media && !media.paused) {
      media.pause();
      return;
    }
    await start();
  }

  function seek(seconds: number): void {
    const target = clampSeek(seconds, duration.value);
    position.value = target;
    if (media) media.currentTime = target;
  }

  function setSpeed(next: PlaybackSpeed): void {
    speed.value = next;
    if (media) {
      media.playbackRate = next;
      media.defaultPlaybackRate = next;
    }
  }

  if (getCurrentScope()) {
    onScopeDispose(() => {
      if (!media) return;
      media.pause();
      // Stops the download of the rest of the file, too.
      media.removeAttribute('src');
    });
  }

  return { playing, loading, position, duration, speed, error, toggle, seek, setSpeed };
}
