/** How far a streamed CSV download has come. */
export interface CsvProgress {
  bytes: number;
  /** Data rows complete so far (the header line is not one). */
  rows: number;
}

const QUOTE = 0x22;
const NEWLINE = 0x0a;

/**
 * Counts CSV records in bytes as they arrive. A line break inside a quoted field ("a\nb") is
 * part of the field, not a new row, so the quote state carries across chunks. Only ASCII bytes
 * are compared, which is safe in UTF-8 (no multi-byte sequence contains 0x22 or 0x0a).
 */
export class CsvRowCounter {
  private lines = 0;
  private quoted = false;

  add(chunk: Uint8Array): void {
    for (const byte of chunk) {
      if (byte === QUOTE) this.quoted = !this.quoted;
      else if (byte === NEWLINE && !this.quoted) this.lines += 1;
    }
  }

  /** Complete data rows: every finished line but the header. */
  get rows(): number {
    return Math.max(0, this.lines - 1);
  }
}

export interface ReadCsvOptions {
  onProgress: (progress: CsvProgress) => void;
  contentType?: string;
}

/**
 * Reads a streamed CSV body to the end, reporting bytes and rows after every chunk, and hands
 * back the whole file. Cancelling is the caller's AbortSignal on the fetch: the pending read then
 * rejects with an AbortError, which is passed on untouched so callers can tell it from a failure.
 */
export async function readCsvWithProgress(body: ReadableStream<Uint8Array>, options: ReadCsvOptions): Promise<{ blob: Blob; progress: CsvProgress }> {
  const reader = body.getReader();
  const counter = new CsvRowCounter();
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // A copy into a plain ArrayBuffer: what Blob takes, whatever buffer the stream used.
      parts.push(new Uint8Array(value));
      bytes += value.byteLength;
      counter.add(value);
      options.onProgress({ bytes, rows: counter.rows });
    }
  } finally {
    reader.releaseLock();
  }
  const progress = { bytes, rows: counter.rows };
  return { blob: new Blob(parts, { type: options.contentType ?? 'text/csv' }), progress };
}

/** "1.2 MB", "340 KB", "12 bytes". */
export function bytesText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Hands a finished file to the browser's save. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoked on the next turn: some browsers start the download after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The name the server gave the file (`attachment; filename="calls-….csv"`), else the fallback. */
export function fileNameFrom(contentDisposition: string | null, fallback: string): string {
  const name = /filename="([^"]+)"/.exec(contentDisposition ?? '')?.[1];
  return name && !/[\\/]/.test(name) ? name : fallback;
}
