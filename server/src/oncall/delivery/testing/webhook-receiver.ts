import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  key: string;
  body: string;
  signatureValid: boolean;
  authorization: string | undefined;
}

/**
 * A webhook receiver on loopback that can answer 503 (`mode = 'unavailable'`) or be shut so
 * connections are refused (`goDown`/`comeBack`). Like a careful receiver it dedupes on the
 * Idempotency-Key: a repeat is answered 200 and counted in `duplicates`, not accepted again.
 */
export class WebhookReceiver {
  mode: 'ok' | 'unavailable' = 'ok';
  readonly accepted = new Map<string, ReceivedDelivery>();
  duplicates = 0;
  refusedAttempts = 0;
  private server: Server | null = null;
  private port = 0;

  constructor(private readonly secret: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      readBody(req).then((body) => {
        if (this.mode === 'unavailable') {
          this.refusedAttempts += 1;
          res.writeHead(503).end('maintenance');
          return;
        }
        const key = String(req.headers['idempotency-key'] ?? '');
        if (this.accepted.has(key)) this.duplicates += 1;
        else {
          const expected = `sha256=${createHmac('sha256', this.secret).update(body).digest('hex')}`;
          this.accepted.set(key, { key, body, signatureValid: req.headers['x-ondeck-signature'] === expected, authorization: req.headers.authorization });
        }
        res.writeHead(200).end('ok');
      }).catch(() => {
        // A request cut off mid-body gets no answer, as from a real receiver.
        res.destroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Connections are refused until comeBack(). */
  async goDown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port. */
  comeBack(): Promise<void> {
    return this.start();
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
