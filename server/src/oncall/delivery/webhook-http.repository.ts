import { OutboundHttp, STRICT_OUTBOUND_POLICY } from '../../outbound';

/** The answer of one webhook POST; a network failure or a refused address throws instead. */
export interface WebhookResponse {
  status: number;
}

export interface WebhookSender {
  post(url: string, headers: Record<string, string>, body: string): Promise<WebhookResponse>;
}

/**
 * POSTs through the outbound guard: a receiver on a loopback, private, link-local or metadata
 * address is refused ("address not allowed", no status) unless the admin allowed that range.
 * Redirects are not followed (a webhook that moves must be re-configured).
 */
export class FetchWebhookSender implements WebhookSender {
  constructor(
    private readonly timeoutMs = 10_000,
    private readonly http = new OutboundHttp(STRICT_OUTBOUND_POLICY),
  ) {}

  async post(url: string, headers: Record<string, string>, body: string): Promise<WebhookResponse> {
    const response = await this.http.request(url, { method: 'POST', headers, body, timeoutMs: this.timeoutMs, maxRedirects: 0 });
    return { status: response.status };
  }
}
