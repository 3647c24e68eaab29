/** The answer of one webhook POST; a network failure throws instead. */
export interface WebhookResponse {
  status: number;
}

export interface WebhookSender {
  post(url: string, headers: Record<string, string>, body: string): Promise<WebhookResponse>;
}

/** Plain fetch with a timeout; redirects are not followed (a webhook that moves must be re-configured). */
export class FetchWebhookSender implements WebhookSender {
  constructor(private readonly timeoutMs = 10_000) {}

  async post(url: string, headers: Record<string, string>, body: string): Promise<WebhookResponse> {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    return { status: response.status };
  }
}
