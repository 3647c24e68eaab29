import { OutboundHttp, STRICT_OUTBOUND_POLICY } from '../../outbound';

/** Validators from the last good download, sent back so an unchanged calendar costs a 304. */
export interface CalendarValidators {
  etag: string | null;
  lastModified: string | null;
}

export type CalendarDownload =
  | { kind: 'not_modified' }
  | { kind: 'downloaded'; text: string; validators: CalendarValidators };

export interface CalendarFetcher {
  /** Throws on network errors, refused addresses and on any status other than 200/304. */
  fetch(url: string, validators: CalendarValidators | null): Promise<CalendarDownload>;
}

const MAX_CALENDAR_BYTES = 5 * 1024 * 1024;
const MAX_REDIRECTS = 5;

/**
 * Conditional GET (If-None-Match / If-Modified-Since) through the outbound guard: every
 * redirect hop is checked against the address policy again, and the body is streamed with a
 * 5 MB cap (a larger calendar is refused before it is held in memory).
 */
export class HttpCalendarFetcher implements CalendarFetcher {
  constructor(
    private readonly timeoutMs = 20_000,
    private readonly http = new OutboundHttp(STRICT_OUTBOUND_POLICY),
  ) {}

  async fetch(url: string, validators: CalendarValidators | null): Promise<CalendarDownload> {
    const headers: Record<string, string> = { Accept: 'text/calendar' };
    if (validators?.etag) headers['If-None-Match'] = validators.etag;
    if (validators?.lastModified) headers['If-Modified-Since'] = validators.lastModified;
    const response = await this.http.request(url, {
      method: 'GET',
      headers,
      timeoutMs: this.timeoutMs,
      maxRedirects: MAX_REDIRECTS,
      maxBodyBytes: MAX_CALENDAR_BYTES,
      tooLargeMessage: 'the calendar is larger than 5 MB',
    });
    if (response.status === 304) return { kind: 'not_modified' };
    if (response.status !== 200) throw new Error(`the calendar server answered HTTP ${response.status}`);
    return {
      kind: 'downloaded',
      text: response.body?.toString('utf8') ?? '',
      validators: { etag: headerValue(response.headers.etag), lastModified: headerValue(response.headers['last-modified']) },
    };
  }
}

function headerValue(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}
