/**
 * Codec choice by SDP rewriting.
 *
 * Trade-off: `pcmu-only` always works with Asterisk (no codec_opus needed, prompts, music on
 * hold and ulaw desk phones bridge without transcoding) at 64 kbit/s narrowband quality.
 * `opus-preferred` sounds better and survives poor networks, but only when Asterisk has
 * codec_opus; otherwise Asterisk hangs up right after the answer ("No path to translate").
 * Asterisk picks by its own `allow` order, so we also drop or reorder what we offer.
 */
export type CodecPreference = 'pcmu-only' | 'opus-preferred';

interface AudioSection {
  lines: string[];
  mIndex: number;
}

function rtpmapCodecs(lines: readonly string[]): Map<string, string> {
  const codecs = new Map<string, string>();
  for (const line of lines) {
    const match = /^a=rtpmap:(\d+) ([^/\s]+)\/(\d+)/.exec(line);
    if (match?.[1] && match[2] && match[3]) codecs.set(match[1], `${match[2].toLowerCase()}/${match[3]}`);
  }
  return codecs;
}

function payloadOf(line: string): string | null {
  const match = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+)[\s]/.exec(line);
  return match?.[1] ?? null;
}

function keptPayloads(order: readonly string[], codecs: Map<string, string>, preference: CodecPreference): string[] {
  const name = (pt: string): string => codecs.get(pt) ?? (pt === '0' ? 'pcmu/8000' : pt === '8' ? 'pcma/8000' : `pt${pt}`);
  if (preference === 'pcmu-only') {
    // Keep the 8 kHz telephone-event so RFC 4733 DTMF still works, and comfort noise.
    return order.filter((pt) => ['pcmu/8000', 'telephone-event/8000', 'cn/8000'].includes(name(pt)));
  }
  const opus = order.filter((pt) => name(pt) === 'opus/48000');
  const pcmu = order.filter((pt) => name(pt) === 'pcmu/8000');
  return [...opus, ...pcmu, ...order.filter((pt) => !opus.includes(pt) && !pcmu.includes(pt))];
}

function rewriteAudio(section: AudioSection, preference: CodecPreference): string[] {
  const mLine = section.lines[section.mIndex] ?? '';
  const parts = mLine.split(' ');
  const order = parts.slice(3);
  const kept = keptPayloads(order, rtpmapCodecs(section.lines), preference);
  // An m-line with no payload left is invalid SDP; leave it alone and let negotiation fail loudly.
  if (kept.length === 0) return section.lines;
  const newM = [...parts.slice(0, 3), ...kept].join(' ');
  return section.lines
    .map((line, index) => (index === section.mIndex ? newM : line))
    .filter((line) => {
      const pt = payloadOf(line);
      return pt === null || kept.includes(pt);
    });
}

/** Rewrites every audio m-section of `sdp` to follow `preference`; other sections are untouched. */
export function applyCodecPreference(sdp: string, preference: CodecPreference): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(/\r?\n/);
  const out: string[] = [];
  let section: AudioSection | null = null;
  const flush = (): void => {
    if (section) out.push(...rewriteAudio(section, preference));
    section = null;
  };
  for (const line of lines) {
    if (line.startsWith('m=')) {
      flush();
      if (line.startsWith('m=audio ')) {
        section = { lines: [line], mIndex: 0 };
        continue;
      }
    }
    if (section) section.lines.push(line);
    else out.push(line);
  }
  flush();
  return out.join(eol);
}

/** A SIP.js session-description-handler modifier applying `preference` to offers and answers. */
export function codecModifier(
  preference: CodecPreference,
): (description: RTCSessionDescriptionInit) => Promise<RTCSessionDescriptionInit> {
  return (description) =>
    Promise.resolve(
      description.sdp === undefined ? description : { ...description, sdp: applyCodecPreference(description.sdp, preference) },
    );
}
