import { describe, expect, it } from 'vitest';
import type { AmiMessage } from '../src/pbx/ami/codec';
import { loadMessages } from '../src/pbx/ami/testing/captures';
import { QualityTracker, type LegSummaryRecord } from '../src/history/quality';
import { parseRtcpEvent } from '../src/history/quality/rtcp-report';
import { ManualClock } from './clock';
import { profileOf, RTCP_PROFILES, startRtcpReports } from './rtcp';
import { createWorld } from './simulator';
import { simEventToMessage } from './testing/capture-compare';

type Scenarios = ReturnType<typeof createWorld>['scenarios'];
type Call = { answer(): void; hangup(side: 'caller' | 'callee'): void };

/** Calls of `seconds` talk one after another with RTCP every 5 s: the AMI stream and what OnDeck's tracker stored. */
function talk(seconds: number, ...starts: Array<(s: Scenarios) => Call>) {
  const clock = new ManualClock();
  const { world, scenarios } = createWorld({ clock });
  const events: AmiMessage[] = [];
  world.onEvent((event) => events.push(simEventToMessage(event)));
  const stop = startRtcpReports(world, 5000);
  for (const start of starts) {
    const call = start(scenarios);
    clock.advance(1000);
    call.answer();
    clock.advance(seconds * 1000);
    call.hangup('caller');
  }
  stop();
  const stored: LegSummaryRecord[] = [];
  const tracker = new QualityTracker({ store: (records) => stored.push(...records), now: () => clock.now() });
  for (const event of events) tracker.handle(event);
  return { events, stored, rtcp: events.filter((e) => e.event?.startsWith('RTCP')) };
}

describe('simulated RTCP', () => {
  it('moves like the capture’s streams: 8000 RTP ticks, 50 packets of 160 bytes a second, sequence and LSR', () => {
    const { rtcp } = talk(16, (s) => s.call('1001', '1002'));
    const capture = loadMessages('rtcp').filter((e) => e.event?.startsWith('RTCP'));
    // Per leg, as in the capture: the device's report, then Asterisk's, every 5 s.
    const lane = (events: AmiMessage[], channel: string | undefined): Array<string | undefined> => events.filter((e) => e.get('Channel') === channel).map((e) => e.event);
    expect(lane(rtcp, rtcp[0]?.get('Channel'))).toEqual(lane(capture, capture[0]?.get('Channel')));
    const sent = rtcp.filter((e) => e.event === 'RTCPSent' && e.get('Channel') === rtcp[0]?.get('Channel')).map((e) => parseRtcpEvent(e));
    const [first, second] = sent;
    if (!first?.sender || !second?.sender || !first.block || !second.block) throw new Error('sender reports with blocks');
    const seconds = second.sender.info.ntpSeconds - first.sender.info.ntpSeconds;
    expect(seconds).toBeCloseTo(5, 3);
    expect((second.sender.info.rtpTimestamp - first.sender.info.rtpTimestamp) / seconds).toBeCloseTo(8000, 0);
    expect(second.sender.info.packets - first.sender.info.packets).toBe(250);
    expect(second.sender.info.octets - first.sender.info.octets).toBe(250 * 160);
    expect(second.block.value.extendedHighestSequence - first.block.value.extendedHighestSequence).toBe(250);
    // The device's second report answers Asterisk's first sender report: an LSR and an RTT.
    const received = rtcp.filter((e) => e.event === 'RTCPReceived' && e.get('Channel') === rtcp[0]?.get('Channel'));
    expect(received[0]?.get('Report0LSR')).toBe('0');
    expect(Number(received[1]?.get('Report0LSR'))).toBeGreaterThan(0);
    expect(parseRtcpEvent(received[1] as AmiMessage)?.rttMs).toBeGreaterThan(0);
  });

  it('is read by OnDeck as G.711 at 8000 Hz graded as its legs’ profiles', () => {
    const { stored } = talk(30, (s) => s.call('1001', '1002'));
    expect(stored).toHaveLength(4);
    for (const record of stored) {
      expect(record).toMatchObject({ codec: 'g711', clockRate: 8000 });
      const profile = profileOf({ name: record.channel, uniqueid: record.uniqueid });
      expect(record.summary.grade).toBe(profile.name);
    }
  });

  it('gives every profile its grade, lossy profiles their cumulative loss, and trunk legs a rougher mix', () => {
    const grades = new Set<string>();
    const calls = Array.from({ length: 40 }, (_, i) => (s: Scenarios) => s.inbound(`+3161234${String(i).padStart(4, '0')}`, '1002'));
    const { stored } = talk(20, ...calls);
    expect(stored).toHaveLength(40 * 4);
    for (const record of stored) {
      const profile = profileOf({ name: record.channel, uniqueid: record.uniqueid });
      grades.add(record.summary.grade);
      if (profile === RTCP_PROFILES.good) expect(record.summary.lossPercentAverage).toBe(0);
      else expect(record.summary.lossPercentAverage).toBeGreaterThan(1);
      expect(record.summary.grade).toBe(profile.name);
    }
    expect([...grades].sort()).toEqual(['fair', 'good', 'poor']);
    const legs = Array.from({ length: 1000 }, (_, i) => ({ uniqueid: `1795274931.${i}` }));
    const share = (name: string): number => legs.filter((leg) => profileOf({ name, uniqueid: leg.uniqueid }) !== RTCP_PROFILES.good).length / legs.length;
    expect(share('PJSIP/1001-00000001')).toBeLessThan(0.2);
    expect(share('PJSIP/trunk-00000001')).toBeGreaterThan(share('PJSIP/1001-00000001') * 2);
  });
});
