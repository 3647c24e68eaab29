import { describe, expect, it } from 'vitest';
import { conversationSamples, demoRecording } from './demo-audio';

describe('demo recordings', () => {
  it('are 8 kHz 16-bit mono PCM WAV files of a few seconds, under 100 KB', () => {
    const wav = demoRecording('q-8000-0612345678-20261207-101500-1765102500.12.wav');
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.toString('ascii', 8, 16)).toBe('WAVEfmt ');
    expect([wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt16LE(34)]).toEqual([1, 1, 8000, 16]);
    expect(wav.toString('ascii', 36, 40)).toBe('data');
    const seconds = wav.readUInt32LE(40) / 16_000;
    expect(seconds).toBeGreaterThanOrEqual(2);
    expect(wav.length).toBeLessThan(100_000);
  });

  it('sound like turns of speech: loud stretches and pauses, never clipped', () => {
    const samples = conversationSamples(42);
    const windows = Array.from({ length: Math.floor(samples.length / 400) }, (_, w) => Math.max(...samples.subarray(w * 400, w * 400 + 400).map(Math.abs)));
    expect(windows.filter((peak) => peak > 2000).length).toBeGreaterThan(windows.length / 4);
    expect(windows.filter((peak) => peak < 50).length).toBeGreaterThan(0);
    expect(Math.max(...samples.map(Math.abs))).toBeLessThan(32_767);
  });

  it('differ by file name and repeat for the same name', () => {
    expect(demoRecording('a.wav').equals(demoRecording('a.wav'))).toBe(true);
    expect(demoRecording('a.wav').equals(demoRecording('b.wav'))).toBe(false);
  });
});
