import { describe, expect, it } from 'vitest';
import { DEFAULT_DEVICE_PREFS, DEVICE_PREFS_KEY, levelFromSamples, loadDevicePrefs, saveDevicePrefs } from './audio-devices';
import { loadRecentCalls, MAX_RECENT_CALLS, RECENT_CALLS_KEY, recentCallLabel, recentCallResult, rememberRecentCall, type RecentCall } from '../browser/recent-calls';
import { outcomeFromStatus } from '../sip/call-outcome';

function memoryStorage(initial: Record<string, string> = {}): Pick<Storage, 'getItem' | 'setItem'> & { data: Record<string, string> } {
  const data = { ...initial };
  return { data, getItem: (key) => data[key] ?? null, setItem: (key, value) => void (data[key] = value) };
}

describe('device preferences', () => {
  it('round-trips through storage', () => {
    const storage = memoryStorage();
    saveDevicePrefs({ micId: 'm', speakerId: 's', ringerId: 'r' }, storage);
    expect(loadDevicePrefs(storage)).toEqual({ micId: 'm', speakerId: 's', ringerId: 'r' });
  });

  it.each(['not json', '42', 'null', '{"micId": 7, "speakerId": "s"}'])('falls back for stored %j', (stored) => {
    const prefs = loadDevicePrefs(memoryStorage({ [DEVICE_PREFS_KEY]: stored }));
    expect(prefs.micId).toBe(DEFAULT_DEVICE_PREFS.micId);
    expect(prefs.ringerId).toBe('');
  });

  it('survives a storage that throws', () => {
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('full'); } };
    expect(loadDevicePrefs(broken)).toEqual(DEFAULT_DEVICE_PREFS);
    expect(() => saveDevicePrefs(DEFAULT_DEVICE_PREFS, broken)).not.toThrow();
  });
});

describe('levelFromSamples', () => {
  it('is 0 for silence and an empty buffer, high for a full-scale signal', () => {
    expect(levelFromSamples(new Uint8Array(64).fill(128))).toBe(0);
    expect(levelFromSamples(new Uint8Array(0))).toBe(0);
    const loud = Uint8Array.from({ length: 64 }, (_, i) => (i % 2 ? 255 : 0));
    expect(levelFromSamples(loud)).toBe(1);
  });
});

describe('recent calls', () => {
  const entry = (n: number): RecentCall => ({ number: String(1000 + n), name: '', direction: 'outbound', at: n, answered: true });

  it('keeps the newest first and at most the limit', () => {
    const storage = memoryStorage();
    let list: RecentCall[] = [];
    for (let n = 0; n < MAX_RECENT_CALLS + 5; n++) list = rememberRecentCall(list, entry(n), storage);
    expect(list).toHaveLength(MAX_RECENT_CALLS);
    expect(list[0]?.number).toBe(String(1000 + MAX_RECENT_CALLS + 4));
    expect(loadRecentCalls(storage)).toEqual(list);
  });

  it('drops malformed entries and garbage', () => {
    const stored = JSON.stringify([entry(1), { number: 5 }, 'x', { ...entry(2), direction: 'sideways' }]);
    expect(loadRecentCalls(memoryStorage({ [RECENT_CALLS_KEY]: stored }))).toEqual([entry(1)]);
    expect(loadRecentCalls(memoryStorage({ [RECENT_CALLS_KEY]: '{' }))).toEqual([]);
  });

  it('tells a declined call from an unanswered one (Asterisk: 403 cause 21, 603 cause 19)', () => {
    const declined = recentCallResult('outbound', false, outcomeFromStatus(403, 'Forbidden', 'Q.850;cause=21'));
    const unanswered = recentCallResult('outbound', false, outcomeFromStatus(603, 'Decline', 'Q.850;cause=19'));
    expect([declined, unanswered]).toEqual(['declined', 'no-answer']);
    const line = (result: RecentCall['result']): string => recentCallLabel({ ...entry(1), answered: false, result });
    expect([line(declined), line(unanswered)]).toEqual(['declined', 'no answer']);
    // Entries saved before results existed still read as before.
    expect(recentCallLabel({ ...entry(1), answered: false })).toBe('no answer');
  });
});
