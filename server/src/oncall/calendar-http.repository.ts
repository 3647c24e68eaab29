/** Validators from the last good download, sent back so an unchanged calendar costs a 304. */
export interface CalendarValidators {
  etag: string | null;
  lastModified: string | null;
}

export type CalendarDownload =
  | { kind: 'not_modified' }
  | { kind: 'downloaded'; text: string; validators: CalendarValidators };

export interface CalendarFetcher {
  /** Throws on network errors and on any status other than 200/304. */
  fetch(url: string, validators: CalendarValidators | null): Promise<CalendarDownload>;
}

const MAX_CALENDAR_BYTES = 5 * 1024 * 1024;

/** Conditional GET (If-None-Match / If-Modified-Since) with a timeout and a size cap. */
export class HttpCalendarFetcher implements CalendarFetcher {
  constructor(private readonly timeoutMs = 20_000) {}

  async fetch(url: string, validators: CalendarValidators | null): Promise<CalendarDownload> {
    const headers: Record<string, string> = { Accept: 'text/calendar' };
    if (validators?.etag) headers['If-None-Match'] = validators.etag;
    if (validators?.lastModified) headers['If-Modified-Since'] = validators.lastModified;
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(this.timeoutMs) });
    if (response.status === 304) return { kind: 'not_modified' };
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      throw new Error(`the calendar server answered HTTP ${response.status}`);
    }
    const text = await response.text();
    if (text.length > MAX_CALENDAR_BYTES) throw new Error('the calendar is larger than 5 MB');
    return { kind: 'downloaded', text, validators: { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') } };
  }
}
