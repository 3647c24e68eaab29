import { describe, expect, it } from 'vitest';
import { applyCodecPreference, codecModifier } from './sdp-codecs';

/** Trimmed from a real Chromium offer: opus, red, G722, PCMU, PCMA, CN, two telephone-events. */
const CHROME_OFFER = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
  'c=IN IP4 0.0.0.0',
  'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:63 red/48000/2',
  'a=fmtp:63 111/111',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:13 CN/8000',
  'a=rtpmap:110 telephone-event/48000',
  'a=rtpmap:126 telephone-event/8000',
  'a=ssrc:1 cname:x',
  '',
].join('\r\n');

describe('applyCodecPreference', () => {
  it('pcmu-only keeps PCMU, 8 kHz telephone-event and CN, and drops every other codec line', () => {
    const sdp = applyCodecPreference(CHROME_OFFER, 'pcmu-only');
    expect(sdp).toContain('m=audio 9 UDP/TLS/RTP/SAVPF 0 13 126\r\n');
    expect(sdp).toContain('a=rtpmap:0 PCMU/8000');
    expect(sdp).toContain('a=rtpmap:126 telephone-event/8000');
    for (const gone of ['opus', 'red/', 'G722', 'PCMA', 'telephone-event/48000', 'a=fmtp:111', 'a=rtcp-fb:111', 'a=fmtp:63']) {
      expect(sdp).not.toContain(gone);
    }
    // Everything that is not a codec line survives untouched, line endings included.
    expect(sdp).toContain('a=rtcp-mux\r\na=rtpmap:0');
    expect(sdp).toContain('a=ssrc:1 cname:x');
    expect(sdp.startsWith('v=0\r\no=- 4611731400430051336')).toBe(true);
  });

  it('opus-preferred puts opus first, PCMU second, and keeps the rest', () => {
    const reordered = CHROME_OFFER.replace('SAVPF 111 63 9 0 8', 'SAVPF 0 63 9 111 8');
    const sdp = applyCodecPreference(reordered, 'opus-preferred');
    expect(sdp).toContain('m=audio 9 UDP/TLS/RTP/SAVPF 111 0 63 9 8 13 110 126\r\n');
    expect(sdp).toContain('a=fmtp:111 minptime=10;useinbandfec=1');
  });

  it('leaves an audio section without PCMU alone instead of writing an m-line with no codec', () => {
    const opusOnly = 'v=0\nm=audio 9 RTP/AVP 111\na=rtpmap:111 opus/48000/2\n';
    expect(applyCodecPreference(opusOnly, 'pcmu-only')).toBe(opusOnly);
  });

  it('touches only audio sections and knows the static PCMU payload without an rtpmap', () => {
    const sdp = 'v=0\nm=video 9 RTP/AVP 96\na=rtpmap:96 VP8/90000\nm=audio 9 RTP/AVP 8 0\n';
    expect(applyCodecPreference(sdp, 'pcmu-only')).toBe('v=0\nm=video 9 RTP/AVP 96\na=rtpmap:96 VP8/90000\nm=audio 9 RTP/AVP 0\n');
  });

  it('works as a SIP.js modifier and passes descriptions without SDP through', async () => {
    const modify = codecModifier('pcmu-only');
    const offer = await modify({ type: 'offer', sdp: CHROME_OFFER });
    expect(offer.type).toBe('offer');
    expect(offer.sdp).toContain('SAVPF 0 13 126');
    expect(await modify({ type: 'rollback' })).toEqual({ type: 'rollback' });
  });
});
