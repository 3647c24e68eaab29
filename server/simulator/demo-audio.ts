import { seededRandom } from '../src/lib/seeded-random';

/** 8 kHz 16-bit mono PCM: what a phone call sounds like, and what every browser plays. */
const SAMPLE_RATE = 8000;

/** A RIFF/WAVE header and the samples, little-endian PCM. */
export function pcmWav(samples: Int16Array, sampleRate = SAMPLE_RATE): Buffer {
  const data = samples.length * 2;
  const wav = Buffer.alloc(44 + data);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + data, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28); // bytes per second
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(data, 40);
  for (let i = 0; i < samples.length; i += 1) wav.writeInt16LE(samples[i] ?? 0, 44 + i * 2);
  return wav;
}

/**
 * A few seconds of two "voices" taking turns: a low and a higher pitch with a few harmonics,
 * shaped into syllables with short pauses, so a recording sounds like a conversation rather
 * than a test tone. The seed (from the file name) makes every recording a little different.
 */
export function conversationSamples(seed: number, seconds = 4): Int16Array {
  const random = seededRandom(seed);
  const samples = new Int16Array(Math.round(seconds * SAMPLE_RATE));
  const voices = [110 + random() * 30, 190 + random() * 50];
  let at = Math.round(0.15 * SAMPLE_RATE);
  let speaker = 0;
  while (at < samples.length) {
    const turn = Math.round((0.6 + random() * 0.8) * SAMPLE_RATE);
    const pitch = voices[speaker] ?? 150;
    const syllable = 3.5 + random() * 2; // syllables per second
    let phase = 0;
    for (let i = 0; i < turn && at + i < samples.length; i += 1) {
      const t = i / SAMPLE_RATE;
      // Pitch drifts a little, as speech does; harmonics fall off like a voiced vowel.
      const frequency = pitch * (1 + 0.06 * Math.sin(2 * Math.PI * 0.7 * t));
      phase += (2 * Math.PI * frequency) / SAMPLE_RATE;
      const voiced = Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.3 * Math.sin(3 * phase) + 0.15 * Math.sin(5 * phase);
      const envelope = Math.max(0, Math.sin(Math.PI * syllable * t)) ** 1.5;
      const fade = Math.min(1, i / 200, (turn - i) / 200);
      samples[at + i] = Math.round(voiced * envelope * fade * 5200);
    }
    at += turn + Math.round((0.15 + random() * 0.35) * SAMPLE_RATE);
    speaker = 1 - speaker;
  }
  return samples;
}

/** A small number from a string (FNV-1a), to seed one recording's sound from its name. */
export function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** The demo's playable recording for a FreePBX file name: ~4 s, about 64 KB. */
export function demoRecording(fileName: string): Buffer {
  return pcmWav(conversationSamples(seedOf(fileName)));
}
