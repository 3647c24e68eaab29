export type RecordingMedia =
  | { kind: 'known'; contentType: string; playableInBrowser: boolean }
  | { kind: 'unsupported' };

/**
 * The Content-Type to serve a recording with, from the extension FreePBX gives each format.
 * The extension's case is meaningful: `.wav` is PCM, `.WAV` is wav49 (GSM 6.10 in a WAV
 * container). Both are served as `audio/wav`, the container's registered type; Chromium and
 * Firefox decode only PCM inside WAV, so GSM files are marked not playable and the page
 * offers a download instead of a broken player. Anything else is refused, never guessed.
 */
export function contentTypeFor(fileName: string): RecordingMedia {
  const dot = fileName.lastIndexOf('.');
  const extension = dot < 0 ? '' : fileName.slice(dot + 1);
  switch (extension) {
    case 'wav':
      return { kind: 'known', contentType: 'audio/wav', playableInBrowser: true };
    case 'WAV':
    case 'wav49':
      return { kind: 'known', contentType: 'audio/wav', playableInBrowser: false };
    case 'mp3':
      return { kind: 'known', contentType: 'audio/mpeg', playableInBrowser: true };
    case 'ogg':
      return { kind: 'known', contentType: 'audio/ogg', playableInBrowser: true };
    case 'gsm':
      return { kind: 'known', contentType: 'audio/x-gsm', playableInBrowser: false };
    default:
      return { kind: 'unsupported' };
  }
}
