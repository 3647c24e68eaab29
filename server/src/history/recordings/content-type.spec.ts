import { describe, expect, it } from 'vitest';
import { contentTypeFor } from './content-type';

describe('contentTypeFor', () => {
  it('maps each FreePBX format', () => {
    expect(contentTypeFor('a.wav')).toEqual({ kind: 'known', contentType: 'audio/wav', playableInBrowser: true });
    expect(contentTypeFor('a.WAV')).toEqual({ kind: 'known', contentType: 'audio/wav', playableInBrowser: false });
    expect(contentTypeFor('a.mp3')).toEqual({ kind: 'known', contentType: 'audio/mpeg', playableInBrowser: true });
    expect(contentTypeFor('a.ogg')).toEqual({ kind: 'known', contentType: 'audio/ogg', playableInBrowser: true });
    expect(contentTypeFor('a.gsm')).toEqual({ kind: 'known', contentType: 'audio/x-gsm', playableInBrowser: false });
  });

  it.each(['a.txt', 'a', 'a.Mp3', 'passwd'])('refuses %j', (name) => {
    expect(contentTypeFor(name)).toEqual({ kind: 'unsupported' });
  });
});
