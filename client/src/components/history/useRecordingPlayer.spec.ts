import { describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import type { RecordingLink } from '@ondeck/shared';
import { clampSeek, linkIsFresh, useRecordingPlayer, type PlayerMedia } from './useRecordingPlayer';

/** An audio element without audio: events are fired by the test, as the browser would. */
class FakeMedia implements PlayerMedia {
  src = '';
  currentTime = 0;
  duration = Number.NaN;
  playbackRate = 1;
  defaultPlaybackRate = 1;
  paused = true;
  preload = '';
  removed: string[] = [];
  private listeners = new Map<string, Array<() => void>>();

  play = vi.fn(() => {
    this.paused = false;
    this.fire('playing');
    return Promise.resolve();
  });

  pause = vi.fn(() => {
    this.paused = true;
    this.fire('pause');
  });

  removeAttribute(name: string): void {
    this.removed.push(name);
  }

  addEventListener(type: string, listener: () => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  fire(type: string): void {
    for (const listener of this.listeners.get(type) ?? []) listener();
  }
}

const T0 = Date.parse('2026-12-07T10:00:00Z');

function setup() {
  const media = new FakeMedia();
  let clock = T0;
  let issued = 0;
  const fetchLink = vi.fn(
    (): Promise<RecordingLink> =>
      Promise.resolve({ url: `/api/recordings/signed?n=${++issued}`, expiresAt: new Date(clock + 300_000).toISOString(), contentType: 'audio/wav', playable: true }),
  );
  const scope = effectScope();
  const player = scope.run(() => useRecordingPlayer(fetchLink, { createMedia: () => media, now: () => clock }))!;
  return { media, fetchLink, player, scope, advance: (ms: number) => (clock += ms) };
}

describe('recording player', () => {
  it('asks for a signed link only when play is pressed, then plays it', async () => {
    const { media, fetchLink, player } = setup();
    expect(fetchLink).not.toHaveBeenCalled();
    await player.toggle();
    expect(fetchLink).toHaveBeenCalledTimes(1);
    expect(media.src).toBe('/api/recordings/signed?n=1');
    expect(player.playing.value).toBe(true);
    await player.toggle();
    expect(player.playing.value).toBe(false);
  });

  it('resumes with the same link while it is fresh and fetches a new one once it expired, keeping the place', async () => {
    const { media, fetchLink, player, advance } = setup();
    await player.toggle();
    media.currentTime = 42;
    media.fire('timeupdate');
    await player.toggle();
    await player.toggle();
    expect(fetchLink).toHaveBeenCalledTimes(1);
    await player.toggle();
    advance(10 * 60_000);
    await player.toggle();
    expect(fetchLink).toHaveBeenCalledTimes(2);
    expect(media.src).toBe('/api/recordings/signed?n=2');
    expect(media.currentTime).toBe(42);
  });

  it('keeps the chosen speed on the element and across a new link', async () => {
    const { media, player, advance } = setup();
    player.setSpeed(1.5);
    await player.toggle();
    expect(media.playbackRate).toBe(1.5);
    player.setSpeed(2);
    expect(media.playbackRate).toBe(2);
    await player.toggle();
    advance(10 * 60_000);
    media.playbackRate = 1; // what a browser does when the source changes
    await player.toggle();
    expect(media.playbackRate).toBe(2);
    expect(media.defaultPlaybackRate).toBe(2);
  });

  it('seeks within the recording only', async () => {
    const { media, player } = setup();
    await player.toggle();
    media.duration = 90;
    media.fire('durationchange');
    player.seek(30);
    expect(media.currentTime).toBe(30);
    player.seek(500);
    expect(media.currentTime).toBe(90);
    player.seek(-3);
    expect(player.position.value).toBe(0);
  });

  it('retries a failed load once with a fresh link, then says so in words', async () => {
    const { media, fetchLink, player } = setup();
    await player.toggle();
    // The retry's play() starts but the audio never arrives: the browser fires error again.
    media.play.mockImplementationOnce(() => Promise.resolve());
    media.fire('error');
    await vi.waitFor(() => expect(media.src).toBe('/api/recordings/signed?n=2'));
    expect(player.error.value).toBeNull();
    media.fire('error');
    await vi.waitFor(() => expect(player.error.value).toBe('The recording could not be loaded. Try again or download it.'));
    expect(fetchLink).toHaveBeenCalledTimes(2);
    expect(player.playing.value).toBe(false);
  });

  it('stops and lets go of the file when its view goes away', async () => {
    const { media, player, scope } = setup();
    await player.toggle();
    scope.stop();
    expect(media.pause).toHaveBeenCalled();
    expect(media.removed).toContain('src');
  });

  it('clamps seeks and judges links by their expiry', () => {
    expect(clampSeek(10, Number.NaN)).toBe(0);
    expect(clampSeek(10, 5)).toBe(5);
    expect(linkIsFresh(null, T0)).toBe(false);
    expect(linkIsFresh({ url: 'x', expiresAt: new Date(T0 + 60_000).toISOString(), contentType: 'audio/wav', playable: true }, T0)).toBe(true);
    expect(linkIsFresh({ url: 'x', expiresAt: new Date(T0 + 5_000).toISOString(), contentType: 'audio/wav', playable: true }, T0)).toBe(false);
  });
});
