/**
 * Plays one call's remote audio. Remote WebRTC audio must go through an `<audio>` element:
 * Chromium does not play a remote stream routed only through WebAudio.
 */
export class RemoteAudio {
  readonly element: HTMLAudioElement;

  constructor(callId: string) {
    this.element = document.createElement('audio');
    this.element.autoplay = true;
    this.element.dataset.phoneCall = callId;
    this.element.hidden = true;
    document.body.append(this.element);
  }

  play(stream: MediaStream): void {
    this.element.srcObject = stream;
    // Autoplay may be refused until the user interacts; the next attach or click retries.
    this.element.play().catch(() => undefined);
  }

  async setSink(deviceId: string): Promise<void> {
    const element = this.element as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    if (deviceId && element.setSinkId) await element.setSinkId(deviceId);
  }

  dispose(): void {
    this.element.pause();
    this.element.srcObject = null;
    this.element.remove();
  }
}
