import { patternLengthMs, TONE_PATTERNS, type CueTone, type LoopingTone, type ToneName } from './tone-patterns';

type SinkElement = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };

/** Quiet enough not to startle through a headset; tones are cues, not alarms. */
const TONE_GAIN = 0.08;

/**
 * Plays the phone's tones with WebAudio oscillators. Each output (speaker for call
 * progress, ringer for incoming calls) is an <audio> element fed from a
 * MediaStreamDestination, because only media elements can pick an output with setSinkId.
 */
export class TonePlayer {
  #context: AudioContext | null = null;
  #outputs = new Map<'speaker' | 'ringer', { element: SinkElement; destination: MediaStreamAudioDestinationNode }>();
  #sinkIds = { speaker: '', ringer: '' };
  #looping: { tone: LoopingTone; timer: ReturnType<typeof setTimeout>; nodes: OscillatorNode[] } | null = null;

  /** Output devices; empty means the browser default. */
  async setSinks(speakerId: string, ringerId: string): Promise<void> {
    this.#sinkIds = { speaker: speakerId, ringer: ringerId };
    for (const [name, output] of this.#outputs) await output.element.setSinkId?.(this.#sinkIds[name]);
  }

  /** Starts `tone` looping (or stops looping with null); the same tone keeps its cadence. */
  loop(tone: LoopingTone | null): void {
    if (this.#looping?.tone === tone) return;
    this.#stopLoop();
    if (!tone) return;
    const round = (): void => {
      const nodes = this.#schedule(tone, tone === 'ringtone' ? 'ringer' : 'speaker');
      this.#looping = { tone, nodes, timer: setTimeout(round, patternLengthMs(tone)) };
    };
    round();
  }

  /** Plays `tone` once; resolves when it has finished. */
  cue(tone: CueTone, output: 'speaker' | 'ringer' = 'speaker'): Promise<void> {
    this.#schedule(tone, output);
    return new Promise((resolve) => setTimeout(resolve, patternLengthMs(tone)));
  }

  dispose(): void {
    this.#stopLoop();
    for (const output of this.#outputs.values()) output.element.remove();
    this.#outputs.clear();
    this.#context?.close().catch(() => undefined);
    this.#context = null;
  }

  #schedule(tone: ToneName, outputName: 'speaker' | 'ringer'): OscillatorNode[] {
    const context = (this.#context ??= new AudioContext());
    context.resume().catch(() => undefined);
    const output = this.#output(context, outputName);
    const gain = context.createGain();
    gain.gain.value = TONE_GAIN;
    gain.connect(output.destination);
    const nodes: OscillatorNode[] = [];
    let at = context.currentTime;
    for (const segment of TONE_PATTERNS[tone]) {
      for (const frequency of segment.frequencies) {
        const oscillator = context.createOscillator();
        oscillator.frequency.value = frequency;
        oscillator.connect(gain);
        oscillator.start(at);
        oscillator.stop(at + segment.ms / 1000);
        nodes.push(oscillator);
      }
      at += segment.ms / 1000;
    }
    return nodes;
  }

  #output(context: AudioContext, name: 'speaker' | 'ringer'): { element: SinkElement; destination: MediaStreamAudioDestinationNode } {
    let output = this.#outputs.get(name);
    if (!output) {
      const destination = context.createMediaStreamDestination();
      const element: SinkElement = document.createElement('audio');
      element.hidden = true;
      element.srcObject = destination.stream;
      document.body.append(element);
      element.setSinkId?.(this.#sinkIds[name]).catch(() => undefined);
      element.play().catch(() => undefined);
      output = { element, destination };
      this.#outputs.set(name, output);
    }
    return output;
  }

  #stopLoop(): void {
    if (!this.#looping) return;
    clearTimeout(this.#looping.timer);
    for (const node of this.#looping.nodes) {
      try {
        node.stop();
      } catch {
        // Already stopped by its schedule.
      }
    }
    this.#looping = null;
  }
}
