import { afterEach, describe, expect, it, vi } from 'vitest';
import { callApi, downloadApi, queryString } from './contract';
import { ApiRequestError, setAuthHooks } from './http';

interface Sent {
  url: string;
  method: string;
  body: unknown;
  authorization: string | undefined;
}

/** A fetch that records what was sent and answers with the given responses in turn. */
function stubFetch(...answers: Response[]): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      sent.push({ url, method: init.method ?? 'GET', body: init.body ? JSON.parse(init.body as string) : undefined, authorization: headers.Authorization });
      const answer = answers.shift();
      if (!answer) throw new Error('no answer left');
      return answer;
    }),
  );
  return sent;
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

afterEach(() => {
  vi.unstubAllGlobals();
  setAuthHooks(null);
});

describe('callApi', () => {
  it('builds the URL from the contract, encoding path parameters and leaving out empty query values', async () => {
    const sent = stubFetch(json(200, { total: 0, items: [] }), json(200, { queues: [], defaults: {} }));
    await callApi('oncall.audit', { query: { type: 'failed_auth', division: 3, from: '', member: undefined } });
    await callApi('queueThresholds.set', { params: { queue: 'sales/eu 1' }, body: { maxWaitSeconds: 30, maxWaiting: 2, minServiceLevel: 80 } });
    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /api/oncall/audit?type=failed_auth&division=3', 'PUT /api/queue-thresholds/sales%2Feu%201']);
    expect(sent[1]?.body).toEqual({ maxWaitSeconds: 30, maxWaiting: 2, minServiceLevel: 80 });
  });

  it('fills every parameter of a path with several', async () => {
    const sent = stubFetch(new Response(null, { status: 204 }));
    await expect(callApi('oncall.removeOverride', { params: { division: 2, id: 17 } })).resolves.toBeUndefined();
    expect(sent[0]?.url).toBe('/api/oncall/2/overrides/17');
  });

  it('sends the access token unless the endpoint call says auth: false', async () => {
    setAuthHooks({ getAccessToken: () => 'tok', refreshAccessToken: async () => false, onSessionRejected: () => undefined });
    const sent = stubFetch(json(200, []), json(200, { queues: [] }));
    await callApi('users.list');
    await callApi('wall.get', { params: { token: 'abc' }, auth: false });
    expect(sent.map((s) => s.authorization)).toEqual(['Bearer tok', undefined]);
  });

  it('turns an error answer into an ApiRequestError with the server words', async () => {
    stubFetch(json(404, { error: { code: 'not_found', message: 'There is no such user.' } }));
    const failure = callApi('users.remove', { params: { id: 9 } });
    await expect(failure).rejects.toBeInstanceOf(ApiRequestError);
    await expect(failure).rejects.toMatchObject({ status: 404, message: 'There is no such user.' });
  });

  it('lets the compiler refuse a call that breaks the contract', () => {
    // Checked by the typecheck; never run.
    const unused = async (): Promise<void> => {
      // @ts-expect-error users.update needs its :id
      await callApi('users.update', { body: {} });
      // @ts-expect-error auth.login needs a body
      await callApi('auth.login');
      // @ts-expect-error the body of a PIN is { pin }
      await callApi('oncall.setPin', { params: { id: 1 }, body: { code: '1234' } });
      // @ts-expect-error there is no such endpoint
      await callApi('users.nothing');
      // @ts-expect-error a download is fetched with downloadApi
      await callApi('oncall.auditCsv');
    };
    expect(unused).toBeTypeOf('function');
  });
});

describe('downloadApi', () => {
  it('returns the file as a Blob and retries once after refreshing an expired token', async () => {
    let token = 'old';
    setAuthHooks({
      getAccessToken: () => token,
      refreshAccessToken: async () => {
        token = 'new';
        return true;
      },
      onSessionRejected: () => undefined,
    });
    const sent = stubFetch(json(401, { error: { code: 'token_expired', message: 'Expired.' } }), new Response('id\r\n1\r\n', { status: 200, headers: { 'Content-Type': 'text/csv' } }));
    const file = await downloadApi('oncall.auditCsv', { query: { type: 'locked_out' } });
    expect(await file.text()).toBe('id\r\n1\r\n');
    expect(sent.map((s) => `${s.authorization} ${s.url}`)).toEqual(['Bearer old /api/oncall/audit/csv?type=locked_out', 'Bearer new /api/oncall/audit/csv?type=locked_out']);
  });
});

describe('queryString', () => {
  it('is empty without values', () => {
    expect(queryString({ a: undefined, b: '' })).toBe('');
    expect(queryString(undefined)).toBe('');
  });
});
