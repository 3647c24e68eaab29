import { describe, expect, it } from 'vitest';
import { AmiMessage } from '../../pbx/ami/codec';
import { loadMessages } from '../../pbx/ami/testing/captures';
import { QualityTracker, type LegSummaryRecord } from './quality-tracker';
import { parseRtcpEvent } from './rtcp-report';

const LINKEDID = '1795274931.92';

function run(messages: AmiMessage[]): { stored: LegSummaryRecord[]; tracker: QualityTracker; changes: string[] } {
  const stored: LegSummaryRecord[] = [];
  const changes: string[] = [];
  const tracker = new QualityTracker({ store: (records) => stored.push(...records), onChange: (id) => changes.push(id), now: () => 1_000 });
  for (const message of messages) tracker.handle(message);
  return { stored, tracker, changes };
}

/** A capture message with some fields replaced (a lossy network the capture did not have). */
function edited(message: AmiMessage, fields: Record<string, string>): AmiMessage {
  const copy = new AmiMessage();
  for (const [key, value] of message.lines) copy.add(key, fields[key] ?? value);
  return copy;
}

const find = (stored: LegSummaryRecord[], channel: string, direction: string): LegSummaryRecord | undefined =>
  stored.find((record) => record.channel === channel && record.direction === direction);

describe('RTCP reports of the rtcp capture (README "Worked example")', () => {
  it('reads both events with the direction of the media each part describes', () => {
    const reports = loadMessages('rtcp').map(parseRtcpEvent).filter((report) => report !== undefined);
    expect(reports).toHaveLength(12);
    const [first] = reports;
    expect(first).toMatchObject({
      event: 'RTCPReceived',
      channel: 'PJSIP/1002-00000055',
      uniqueid: '1795274931.93',
      linkedid: LINKEDID,
      sender: { direction: 'received', info: { rtpTimestamp: 83807, packets: 250, octets: 40000 } },
      block: { direction: 'sent', value: { fractionLostPercent: 0, cumulativeLost: 0, extendedHighestSequence: 44007, jitterUnits: 8 } },
    });
    // The first block answers no sender report yet (LSR 0): no round trip.
    expect(first?.rttMs).toBeUndefined();
    // RTT 0.0004 s → 0.4 ms; 65535.9998 is a wrapped −0.0002 s → 0 ms.
    expect(reports.filter((r) => r.channel === 'PJSIP/1002-00000055' && r.event === 'RTCPReceived').map((r) => r.rttMs)).toEqual([undefined, 0.4, 0]);
    expect(reports.filter((r) => r.event === 'RTCPSent').every((r) => r.rttMs === undefined)).toBe(true);
  });

  it('stores per leg and direction: G.711 at 8000 Hz, jitter in ms, no loss, RTT and MOS 4.40 at hangup', () => {
    const { stored, tracker } = run(loadMessages('rtcp'));
    expect(stored).toHaveLength(4);
    expect(tracker.trackedLegs).toBe(0);
    const sent1002 = find(stored, 'PJSIP/1002-00000055', 'sent');
    expect(sent1002).toMatchObject({ linkedid: LINKEDID, uniqueid: '1795274931.93', codec: 'g711', clockRate: 8000 });
    // Jitter 8, 5, 7 units at 8000 Hz = 1, 0.625, 0.875 ms.
    expect(sent1002?.summary).toEqual({
      grade: 'good',
      mosAverage: 4.4,
      mosWorst: 4.4,
      jitterMsAverage: 0.83,
      jitterMsWorst: 1,
      lossPercentAverage: 0,
      lossPercentWorst: 0,
      rttMsAverage: 0.2,
      rttMsWorst: 0.4,
      reports: 3,
    });
    // Asterisk's own measure of 1002's media: 7, 10, 11 units; the channel's RTT goes with it.
    expect(find(stored, 'PJSIP/1002-00000055', 'received')?.summary).toMatchObject({ jitterMsAverage: 1.17, jitterMsWorst: 1.38, rttMsWorst: 0.4, reports: 3 });
    expect(find(stored, 'PJSIP/1001-00000054', 'sent')?.summary).toMatchObject({ jitterMsAverage: 1.21, jitterMsWorst: 1.38, rttMsAverage: 0.3, rttMsWorst: 0.6 });
    expect(find(stored, 'PJSIP/1001-00000054', 'received')?.summary).toMatchObject({ jitterMsAverage: 0.83, mosAverage: 4.4 });
  });

  it('shows the call live while it runs and forgets it at hangup', () => {
    const messages = loadMessages('rtcp');
    const hangupAt = messages.findIndex((message) => message.event === 'Hangup');
    const { tracker, changes } = run(messages.slice(0, hangupAt));
    // The worst latest report is the one with the most jitter (11 units = 1.375 ms); its RTT wrapped to 0 ms.
    expect(tracker.liveQuality(LINKEDID)).toEqual({ grade: 'good', mos: 4.4, jitterMs: 1.4, lossPercent: 0, rttMs: 0 });
    expect(changes.length).toBeGreaterThanOrEqual(12);
    expect(changes.every((id) => id === LINKEDID)).toBe(true);
    for (const message of messages.slice(hangupAt)) tracker.handle(message);
    expect(tracker.liveQuality(LINKEDID)).toBeUndefined();
  });

  it('turns a lossy, jittery stream into loss %, a poor worst MOS and a fair grade', () => {
    // 1001's view of what Asterisk sent it: 64/256 lost in the 2nd interval, 40 of 501 packets overall.
    let block = 0;
    const messages = loadMessages('rtcp').map((message) => {
      if (message.event !== 'RTCPReceived' || message.get('Channel') !== 'PJSIP/1001-00000054') return message;
      block += 1;
      if (block === 1) return edited(message, { Report0CumulativeLost: '0' });
      if (block === 2) return edited(message, { Report0FractionLost: '64', Report0CumulativeLost: '40', Report0IAJitter: '400' });
      return edited(message, { Report0FractionLost: '0', Report0CumulativeLost: '40', Report0IAJitter: '80' });
    });
    const { stored } = run(messages);
    const summary = find(stored, 'PJSIP/1001-00000054', 'sent')?.summary;
    // Expected packets between the first and last block: 20511 − 20010 = 501; 40 lost = 7.98 %.
    expect(summary?.lossPercentAverage).toBe(7.98);
    expect(summary?.lossPercentWorst).toBe(25);
    expect(summary?.jitterMsWorst).toBe(50);
    expect(summary?.mosWorst).toBeLessThan(2.5);
    // Graded by the average MOS: one bad 5 s interval in three makes the stream fair, not poor.
    expect(summary?.mosAverage).toBeGreaterThanOrEqual(3.6);
    expect(summary?.mosAverage).toBeLessThan(4);
    expect(summary?.grade).toBe('fair');
    // The other leg keeps its own, good figures.
    expect(find(stored, 'PJSIP/1002-00000055', 'sent')?.summary.grade).toBe('good');
  });

  it('derives the clock from two sender reports: 48 kHz Opus-like streams give smaller jitter in ms', () => {
    const ntp = (seconds: number): string => (1_795_274_937 + seconds).toFixed(6);
    const base = { Event: 'RTCPReceived', Channel: 'PJSIP/1001-00000099', Uniqueid: '1.5', Linkedid: '1.5', PT: '200(SR)', ReportCount: '1' };
    const block = { Report0FractionLost: '0', Report0CumulativeLost: '0', Report0HighestSequence: '100', Report0IAJitter: '480', Report0LSR: '0', RTT: '0' };
    const { stored } = run([
      AmiMessage.from({ ...base, SentNTP: ntp(0), SentRTP: '1000', SentPackets: '0', SentOctets: '0', ...block }),
      AmiMessage.from({ ...base, SentNTP: ntp(5), SentRTP: String(1000 + 5 * 48_000), SentPackets: '250', SentOctets: '50000', ...block }),
      AmiMessage.from({ Event: 'RTCPSent', Channel: 'PJSIP/1001-00000099', Uniqueid: '1.5', Linkedid: '1.5', PT: '201(RR)', ReportCount: '1', ...block }),
      AmiMessage.from({ Event: 'Hangup', Channel: 'PJSIP/1001-00000099', Uniqueid: '1.5' }),
    ]);
    // The 'received' stream's clock comes from the device's sender reports (RTCPReceived).
    expect(find(stored, 'PJSIP/1001-00000099', 'received')).toMatchObject({ clockRate: 48_000, codec: 'wideband', summary: { jitterMsWorst: 10 } });
    // Asterisk's own stream sent no sender report here: 8000 Hz is assumed, 480 units = 60 ms.
    expect(find(stored, 'PJSIP/1001-00000099', 'sent')).toMatchObject({ clockRate: 8000, summary: { jitterMsWorst: 60 } });
  });

  it('drops malformed and hostile reports instead of guessing', () => {
    const good = loadMessages('rtcp').find((message) => message.event === 'RTCPSent');
    if (!good) throw new Error('capture has an RTCPSent');
    expect(parseRtcpEvent(edited(good, { Channel: 'PJSIP/1001\r\nAction: Hangup' }))).toBeUndefined();
    expect(parseRtcpEvent(edited(good, { Uniqueid: "1'; DROP TABLE x" }))).toBeUndefined();
    expect(parseRtcpEvent(edited(good, { Linkedid: '' }))).toBeUndefined();
    expect(parseRtcpEvent(edited(good, { Report0IAJitter: '-3' }))?.block).toBeUndefined();
    expect(parseRtcpEvent(edited(good, { Report0FractionLost: '300' }))?.block).toBeUndefined();
    expect(parseRtcpEvent(edited(good, { ReportCount: '0' }))?.block).toBeUndefined();
    expect(parseRtcpEvent(edited(good, { SentNTP: 'NaN' }))?.sender).toBeUndefined();
    expect(parseRtcpEvent(edited(good, { PT: '201(RR)' }))?.sender).toBeUndefined();
    expect(parseRtcpEvent(edited(good, { Event: 'Newstate' }))).toBeUndefined();
    const received = loadMessages('rtcp').filter((message) => message.event === 'RTCPReceived')[2];
    if (!received) throw new Error('capture has RTCPReceived');
    expect(parseRtcpEvent(edited(received, { RTT: '42.5' }))?.rttMs).toBeUndefined();
    expect(parseRtcpEvent(edited(received, { RTT: '0.1500' }))?.rttMs).toBe(150);
  });

  it('bounds what it tracks and ends legs whose hangup never came', () => {
    let now = 0;
    const stored: LegSummaryRecord[] = [];
    const full: number[] = [];
    const tracker = new QualityTracker({ store: (records) => stored.push(...records), now: () => now, maxLegs: 1, idleMs: 60_000, onFull: (max) => full.push(max) });
    const reports = loadMessages('rtcp').filter((message) => message.event === 'RTCPSent');
    for (const message of reports) tracker.handle(message);
    expect(tracker.trackedLegs).toBe(1);
    expect(full).toEqual([1]);
    now = 30_000;
    tracker.sweep();
    expect(stored).toHaveLength(0);
    now = 61_000;
    tracker.sweep();
    expect(tracker.trackedLegs).toBe(0);
    // RTCPSent's block is Asterisk's measure of the media it received.
    expect(stored.map((record) => record.direction)).toEqual(['received']);
  });
});
