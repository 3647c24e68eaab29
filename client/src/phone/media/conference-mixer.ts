/**
 * Three-way conference mixed in the browser.
 *
 * Why here and not on the PBX: a FreePBX conference needs a ConfBridge room and dial plan,
 * and moving two existing calls into it means two more transfers that can fail. Mixing
 * locally works with the two calls the operator already has, like a desk phone's 3-way:
 * each leg hears our microphone plus the other leg. Cost: our uplink carries both streams
 * and the conference ends when the operator leaves.
 *
 * ```
 *  mic ──▶ micGain ──┬──▶ destination A ──▶ sender of leg A
 *  remote B ─────────┘┌─▶ destination B ──▶ sender of leg B
 *  remote A ──────────┘   (mic also feeds destination B)
 * ```
 * Remote audio is still played by each call's <audio> element (Chromium only feeds remote
 * WebRTC audio into WebAudio while an element plays it).
 */
export class ConferenceMixer {
  #context: AudioContext | null = null;
  #micGain: GainNode | null = null;
  #restore: Array<{ sender: RTCRtpSender; track: MediaStreamTrack | null }> = [];

  get active(): boolean {
    return this.#context !== null;
  }

  async start(legA: RTCPeerConnection, legB: RTCPeerConnection): Promise<void> {
    if (this.#context) throw new Error('A conference is already mixed');
    const senderA = audioSender(legA);
    const senderB = audioSender(legB);
    const micTrack = senderA.track ?? senderB.track;
    const remoteA = remoteTrack(legA);
    const remoteB = remoteTrack(legB);
    if (!micTrack || !remoteA || !remoteB) throw new Error('Both calls need audio to be merged');
    const context = new AudioContext();
    const micGain = context.createGain();
    context.createMediaStreamSource(new MediaStream([micTrack])).connect(micGain);
    const toA = context.createMediaStreamDestination();
    const toB = context.createMediaStreamDestination();
    micGain.connect(toA);
    micGain.connect(toB);
    context.createMediaStreamSource(new MediaStream([remoteB])).connect(toA);
    context.createMediaStreamSource(new MediaStream([remoteA])).connect(toB);
    this.#restore = [
      { sender: senderA, track: senderA.track },
      { sender: senderB, track: senderB.track },
    ];
    const mixA = toA.stream.getAudioTracks()[0] ?? null;
    const mixB = toB.stream.getAudioTracks()[0] ?? null;
    await senderA.replaceTrack(mixA);
    await senderB.replaceTrack(mixB);
    this.#context = context;
    this.#micGain = micGain;
    await context.resume();
  }

  setMicMuted(muted: boolean): void {
    if (this.#micGain) this.#micGain.gain.value = muted ? 0 : 1;
  }

  /** Puts each leg's own microphone back and releases the audio graph. */
  stop(): void {
    for (const { sender, track } of this.#restore) {
      sender.replaceTrack(track).catch(() => undefined);
    }
    this.#restore = [];
    this.#micGain = null;
    this.#context?.close().catch(() => undefined);
    this.#context = null;
  }
}

function audioSender(connection: RTCPeerConnection): RTCRtpSender {
  const sender = connection.getSenders().find((candidate) => candidate.track?.kind === 'audio') ?? connection.getSenders()[0];
  if (!sender) throw new Error('The call has no audio sender');
  return sender;
}

function remoteTrack(connection: RTCPeerConnection): MediaStreamTrack | undefined {
  return connection.getReceivers().find((receiver) => receiver.track.kind === 'audio')?.track;
}
