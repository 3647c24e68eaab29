import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AmiClient, type AmiClientOptions } from './ami-client';
import { serializeAmi, type AmiMessage } from './codec';
import { AmiActionError, AmiAuthError, AmiDisconnectedError, AmiListCancelledError, AmiTimeoutError } from './errors';
import { captureBlocks } from './testing/captures';
import { ScriptedAmiServer, eventually, type ScriptedAmiServerOptions } from './testing/scripted-ami-server';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(serverOptions: ScriptedAmiServerOptions = {}, clientOptions: Partial<AmiClientOptions> = {}) {
  const server = await ScriptedAmiServer.start(serverOptions);
  cleanups.push(() => server.close());
  const client = new AmiClient({ host: '127.0.0.1', port: server.port, username: 'ondeck', secret: 'secret', ...clientOptions });
  cleanups.push(() => client.close());
  const events: AmiMessage[] = [];
  const order: string[] = [];
  client.on('login', () => order.push('login'));
  client.on('event', (message) => {
    events.push(message);
    order.push(message.event ?? '?');
  });
  return { server, client, events, order };
}

describe('AmiClient login', () => {
  it('reads the banner and logs in with the OnDeck read classes', async () => {
    const { server, client } = await setup();
    await client.connect();
    expect(client.state).toBe('ready');
    expect(client.banner).toBe('Asterisk Call Manager/11.0.0');
    const login = server.actions[0];
    expect(login?.get('action')).toBe('Login');
    expect(login?.get('username')).toBe('ondeck');
    expect(login?.get('secret')).toBe('secret');
    expect(login?.get('events')).toBe('call,agent,reporting,system');
  });

  it('delivers events that arrive in the same read as the login response, after the login hook', async () => {
    const afterLogin = () =>
      serializeAmi({ Event: 'FullyBooted', Status: 'Fully Booted' }) +
      serializeAmi({ Event: 'SuccessfulAuth', AccountID: 'ondeck' }) +
      serializeAmi({ Event: 'DeviceStateChange', Device: 'PJSIP/1001', State: 'INUSE' });
    const { client, order } = await setup({ afterLogin });
    await client.connect();
    await eventually(() => order.length === 4, 'login chunk events');
    expect(order).toEqual(['login', 'FullyBooted', 'SuccessfulAuth', 'DeviceStateChange']);
  });

  it('delivers every event of a real capture sent in the login read', async () => {
    const blocks = captureBlocks('queue-answered').slice(1); // drop the capture's own Login response
    const expected = blocks.filter((block) => block.startsWith('Event:')).length;
    const { client, events } = await setup({ afterLogin: () => blocks.filter((b) => b.startsWith('Event:')).join('') });
    await client.connect();
    await eventually(() => events.length === expected, `${expected} events`);
    expect(events.length).toBe(expected);
  });

  it('rejects with AmiAuthError when the login is refused', async () => {
    const { client } = await setup({ secret: 'other' });
    const closed: Error[] = [];
    client.on('close', (reason) => closed.push(reason));
    await expect(client.connect()).rejects.toBeInstanceOf(AmiAuthError);
    await expect(client.connect().catch((error: Error) => error.message)).resolves.toMatch(/Authentication failed/);
    expect(closed[0]).toBeInstanceOf(AmiAuthError);
    expect(client.state).toBe('closed');
  });

  it('gives up on a peer that accepts but never sends a banner', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => silent.close(() => resolve())));
    const address = silent.address() as net.AddressInfo;
    const client = new AmiClient({ host: '127.0.0.1', port: address.port, username: 'u', secret: 's', loginTimeoutMs: 30 });
    await expect(client.connect()).rejects.toBeInstanceOf(AmiTimeoutError);
  });

  it('reports a socket factory that throws as a closed attempt', async () => {
    const client = new AmiClient({
      host: '127.0.0.1',
      port: 5038,
      username: 'u',
      secret: 's',
      socketFactory: () => {
        throw new RangeError('port out of range');
      },
    });
    const closed: Error[] = [];
    client.on('close', (reason) => closed.push(reason));
    await expect(client.connect()).rejects.toThrow('port out of range');
    expect(closed.map((reason) => reason.message)).toEqual(['port out of range']);
    expect(client.state).toBe('closed');
  });

  it('rejects when nothing listens on the port', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const client = new AmiClient({ host: '127.0.0.1', port, username: 'u', secret: 's' });
    await expect(client.connect()).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('AmiClient actions', () => {
  it('resolves concurrent actions of one tick with their own responses, answered out of order', async () => {
    const held: AmiMessage[] = [];
    const { client } = await setup({
      onAction: (action, peer) => {
        held.push(action);
        if (held.length < 3) return;
        for (const item of held.reverse()) {
          peer.send({ Response: 'Success', ActionID: item.actionId ?? '', Echo: item.get('variable') ?? '' });
        }
      },
    });
    await client.connect();
    const answers = await Promise.all(
      ['a', 'b', 'c'].map((variable) => client.action({ Action: 'Getvar', Variable: variable })),
    );
    expect(answers.map((answer) => answer.get('echo'))).toEqual(['a', 'b', 'c']);
    const ids = held.map((action) => action.actionId);
    expect(new Set(ids).size).toBe(3);
  });

  it('owns the ActionID even when the caller passes one', async () => {
    const { server, client } = await setup();
    await client.connect();
    await client.action({ Action: 'Ping', actionid: 'mine' });
    const ping = server.actions[1];
    expect(ping?.getAll('actionid')).toHaveLength(1);
    expect(ping?.actionId).not.toBe('mine');
  });

  it('rejects Response: Error with AmiActionError carrying Message', async () => {
    const { client } = await setup({
      onAction: (action, peer) =>
        peer.send({ Response: 'Error', ActionID: action.actionId ?? '', Message: 'Invalid/unknown command: Bogus.' }),
    });
    await client.connect();
    const error = await client.action({ Action: 'Bogus' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AmiActionError);
    expect((error as AmiActionError).message).toBe('Invalid/unknown command: Bogus.');
    expect((error as AmiActionError).action).toBe('Bogus');
  });

  it('times out an unanswered action and ignores its late answer', async () => {
    let late: (() => void) | undefined;
    const { client, events } = await setup({
      onAction: (action, peer) => {
        const answer = (): void => peer.send({ Response: 'Success', ActionID: action.actionId ?? '', Ping: 'Pong' });
        // The first action stays unanswered until the test sends its answer late; later ones are answered.
        if (late === undefined) late = answer;
        else answer();
      },
    });
    await client.connect();
    await expect(client.action({ Action: 'Ping' }, { timeoutMs: 20 })).rejects.toBeInstanceOf(AmiTimeoutError);
    late?.();
    // Barrier: this answer travels behind the late one, so once it is back the late one was read.
    await client.action({ Action: 'Ping' });
    expect(events).toEqual([]);
    expect(client.state).toBe('ready');
  });

  it('sends a value with CR/LF as one header: no second action reaches the PBX', async () => {
    const { server, client } = await setup();
    await client.connect();
    await client.action({ Action: 'Setvar', Variable: 'NOTE', Value: 'hi\r\nAction: Hangup\r\nChannel: PJSIP/1001\r\n\r\n' });
    await client.action({ Action: 'Ping' });
    expect(server.actions.map((action) => action.get('action'))).toEqual(['Login', 'Setvar', 'Ping']);
    expect(server.actions[1]?.get('value')).toBe('hi Action: Hangup Channel: PJSIP/1001 ');
  });

  it('rejects, never throws, when not connected', async () => {
    const client = new AmiClient({ host: '127.0.0.1', port: 1, username: 'u', secret: 's' });
    const result = client.action({ Action: 'Ping' });
    await expect(result).rejects.toBeInstanceOf(AmiDisconnectedError);
    await expect(client.listAction({ Action: 'CoreShowChannels' })).rejects.toBeInstanceOf(AmiDisconnectedError);
  });

  it('rejects an action without an Action field', async () => {
    const { client } = await setup();
    await client.connect();
    await expect(client.action({ Channel: 'x' })).rejects.toBeInstanceOf(TypeError);
  });

  it('rejects pending actions when the connection drops', async () => {
    const { server, client } = await setup({ onAction: () => undefined });
    await client.connect();
    const pending = [client.action({ Action: 'Ping' }), client.listAction({ Action: 'CoreShowChannels' })];
    await eventually(() => server.actions.length === 3, 'actions to arrive');
    server.dropAll();
    for (const result of pending) await expect(result).rejects.toBeInstanceOf(AmiDisconnectedError);
    expect(client.state).toBe('closed');
  });

  it('keeps delivering events when a listener throws', async () => {
    const { server, client, events } = await setup();
    client.on('event', (message) => {
      if (message.event === 'Bad') throw new Error('listener bug');
    });
    await client.connect();
    server.peers[0]?.send(serializeAmi({ Event: 'Bad' }) + serializeAmi({ Event: 'Good' }));
    await eventually(() => events.length === 2, 'both events');
  });
});

describe('AmiClient list actions', () => {
  it('collects QueueStatus items whose ActionID comes last, leaving other events alone', async () => {
    const { client, events } = await setup({
      onAction: (action, peer) => {
        const id = action.actionId ?? '';
        peer.send(
          serializeAmi({ Response: 'Success', ActionID: id, EventList: 'start', Message: 'Queue status will follow' }) +
            serializeAmi({ Event: 'QueueParams', Queue: 'support', Max: '0', ActionID: id }) +
            serializeAmi({ Event: 'Newstate', Channel: 'PJSIP/1001-00000001' }) +
            serializeAmi({ Event: 'QueueMember', Queue: 'support', Name: 'PJSIP/1001', ActionID: id }) +
            serializeAmi({ Event: 'QueueStatusComplete', ActionID: id, EventList: 'Complete', ListItems: '2' }),
        );
      },
    });
    await client.connect();
    const result = await client.listAction({ Action: 'QueueStatus' });
    expect(result.items.map((item) => item.event)).toEqual(['QueueParams', 'QueueMember']);
    expect(result.complete?.get('listitems')).toBe('2');
    expect(result.response.get('eventlist')).toBe('start');
    expect(events.map((event) => event.event)).toEqual(['Newstate']);
  });

  it('runs two lists at once without mixing their items', async () => {
    const { client } = await setup({
      onAction: (action, peer) => {
        const id = action.actionId ?? '';
        const name = action.get('action') ?? '';
        peer.send(
          serializeAmi({ Response: 'Success', ActionID: id, EventList: 'start' }) +
            serializeAmi({ Event: `${name}Item`, ActionID: id }) +
            serializeAmi({ Event: `${name}Complete`, ActionID: id, EventList: 'Complete', ListItems: '1' }),
        );
      },
    });
    await client.connect();
    const [channels, endpoints] = await Promise.all([
      client.listAction({ Action: 'CoreShowChannels' }),
      client.listAction({ Action: 'PJSIPShowEndpoints' }),
    ]);
    expect(channels.items.map((item) => item.event)).toEqual(['CoreShowChannelsItem']);
    expect(endpoints.items.map((item) => item.event)).toEqual(['PJSIPShowEndpointsItem']);
  });

  it('rejects a cancelled list', async () => {
    const { client } = await setup({
      onAction: (action, peer) => {
        const id = action.actionId ?? '';
        peer.send(
          serializeAmi({ Response: 'Success', ActionID: id, EventList: 'start' }) +
            serializeAmi({ Event: 'CoreShowChannelsComplete', ActionID: id, EventList: 'cancelled' }),
        );
      },
    });
    await client.connect();
    await expect(client.listAction({ Action: 'CoreShowChannels' })).rejects.toBeInstanceOf(AmiListCancelledError);
  });

  it('drops the late items of a list that timed out instead of passing them off as live events', async () => {
    let finishLate: (() => void) | undefined;
    const { client, events } = await setup({
      onAction: (action, peer) => {
        const id = action.actionId ?? '';
        if (action.get('action') === 'Ping') {
          peer.send({ Response: 'Success', ActionID: id, Ping: 'Pong' });
          return;
        }
        peer.send(serializeAmi({ Response: 'Success', ActionID: id, EventList: 'start' }));
        finishLate = () =>
          peer.send(
            serializeAmi({ Event: 'CoreShowChannel', Channel: 'PJSIP/1001-00000001', ActionID: id }) +
              serializeAmi({ Event: 'CoreShowChannelsComplete', ActionID: id, EventList: 'Complete' }) +
              serializeAmi({ Event: 'Newchannel', Channel: 'PJSIP/1002-00000002' }),
          );
      },
    });
    await client.connect();
    await expect(client.listAction({ Action: 'CoreShowChannels' }, { timeoutMs: 20 })).rejects.toBeInstanceOf(
      AmiTimeoutError,
    );
    finishLate?.();
    await client.action({ Action: 'Ping' });
    expect(events.map((event) => event.event)).toEqual(['Newchannel']);
  });

  it('rejects a list answered with Response: Error', async () => {
    const { client } = await setup({
      onAction: (action, peer) =>
        peer.send({ Response: 'Error', ActionID: action.actionId ?? '', Message: 'Permission denied' }),
    });
    await client.connect();
    await expect(client.listAction({ Action: 'QueueStatus' })).rejects.toThrow('Permission denied');
  });

  it('resolves with no items when Asterisk answers without starting a list', async () => {
    const { client } = await setup();
    await client.connect();
    const result = await client.listAction({ Action: 'DBPut' });
    expect(result.items).toEqual([]);
    expect(result.complete).toBeUndefined();
  });
});
