import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PbxStatus } from '@ondeck/shared';
import { AmiConnection, type AmiConnectionOptions } from './ami-connection';
import { serializeAmi, type AmiMessage } from './codec';
import { AmiDisconnectedError } from './errors';
import { PbxService } from '../pbx.service';
import { ManualTimers } from '../../lib/testing/manual-timers';
import { ScriptedAmiServer, eventually, type ScriptedAmiServerOptions } from './testing/scripted-ami-server';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function unusedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function setup(serverOptions: ScriptedAmiServerOptions = {}, options: Partial<AmiConnectionOptions> = {}) {
  const server = await ScriptedAmiServer.start(serverOptions);
  cleanups.push(() => server.close());
  const timers = new ManualTimers();
  const connection = new AmiConnection({
    host: '127.0.0.1',
    port: server.port,
    username: 'ondeck',
    secret: 'secret',
    timers,
    random: () => 0.5,
    keepAliveIntervalMs: 15_000,
    keepAliveTimeoutMs: 5_000,
    ...options,
  });
  cleanups.push(() => connection.stop());
  const statuses: PbxStatus[] = [];
  const order: string[] = [];
  const events: AmiMessage[] = [];
  connection.on('status', (status) => statuses.push(status));
  connection.on('connected', () => order.push('connected'));
  connection.on('event', (message) => {
    events.push(message);
    order.push(message.event ?? '?');
  });
  const states = () => statuses.map((status) => status.state);
  const logins = () => server.actions.filter((action) => action.get('action') === 'Login').length;
  return { server, timers, connection, statuses, states, order, events, logins };
}

describe('AmiConnection', () => {
  it('connects, reports status with the banner, and forwards events', async () => {
    const { server, connection, states, events } = await setup();
    expect(connection.status.state).toBe('disabled');
    connection.start();
    await eventually(() => connection.status.state === 'connected', 'connected');
    expect(states()).toEqual(['connecting', 'connected']);
    expect(connection.status).toEqual({
      state: 'connected',
      since: null,
      lastError: null,
      banner: 'Asterisk Call Manager/11.0.0',
    });
    server.peers[0]?.send({ Event: 'Hangup', Channel: 'PJSIP/1001-00000001', Cause: '16' });
    await eventually(() => events.length === 1, 'event');
    const pong = await connection.action({ Action: 'Ping' });
    expect(pong.get('ping')).toBe('Pong');
  });

  it('fires connected before the events that came in the login read', async () => {
    const afterLogin = () => serializeAmi({ Event: 'FullyBooted' }) + serializeAmi({ Event: 'DeviceStateChange' });
    const { connection, order } = await setup({ afterLogin });
    connection.start();
    await eventually(() => order.length === 3, 'connected + 2 events');
    expect(order).toEqual(['connected', 'FullyBooted', 'DeviceStateChange']);
  });

  it('lets a connected listener resync with a list action right away', async () => {
    const { connection } = await setup({
      onAction: (action, peer) => {
        const id = action.actionId ?? '';
        peer.send(
          serializeAmi({ Response: 'Success', ActionID: id, EventList: 'start' }) +
            serializeAmi({ Event: 'CoreShowChannel', Channel: 'PJSIP/1001-00000001', ActionID: id }) +
            serializeAmi({ Event: 'CoreShowChannelsComplete', ActionID: id, EventList: 'Complete', ListItems: '1' }),
        );
      },
    });
    const resynced: Promise<number>[] = [];
    connection.on('connected', () => {
      resynced.push(connection.listAction({ Action: 'CoreShowChannels' }).then((result) => result.items.length));
    });
    connection.start();
    await eventually(() => resynced.length === 1, 'connected');
    await expect(resynced[0]).resolves.toBe(1);
  });

  it('reconnects after the server drops the link, with since and lastError while down', async () => {
    const { server, timers, connection, order, logins } = await setup();
    connection.start();
    await eventually(() => connection.status.state === 'connected', 'first login');
    server.dropAll();
    await eventually(() => connection.status.state === 'reconnecting', 'reconnecting');
    expect(connection.status.since).toBe(new Date(timers.now()).toISOString());
    expect(connection.status.lastError).toMatch(/closed by the peer/);
    // initial step 250 ms, random 0.5 over its upper half: the first retry waits 187.5 ms and no sooner.
    timers.advance(187);
    expect(logins()).toBe(1);
    timers.advance(1);
    await eventually(() => connection.status.state === 'connected', 'second login');
    expect(logins()).toBe(2);
    expect(order.filter((item) => item === 'connected')).toHaveLength(2);
    expect(connection.status.lastError).toBeNull();
  });

  it('backs off exponentially with a cap while the PBX is unreachable, forever', async () => {
    const deadPort = await unusedPort();
    let refusals = 12;
    const { timers, connection } = await setup(
      {},
      {
        socketFactory: (target) => net.createConnection(refusals-- > 0 ? { host: target.host, port: deadPort } : target),
      },
    );
    const retryDelays: number[] = [];
    connection.on('status', (status) => {
      // The retry timer is set right after the status event: read it a microtask later.
      if (status.state === 'reconnecting') queueMicrotask(() => retryDelays.push(timers.requested.at(-1) ?? -1));
    });
    connection.start();
    for (let attempt = 0; attempt < 12; attempt++) {
      await eventually(() => retryDelays.length === attempt + 1, `failure ${attempt + 1}`);
      // Exactly the retry delay: a longer jump would also fire the next attempt's login deadline.
      timers.advance(retryDelays[attempt] ?? 0);
    }
    await eventually(() => connection.status.state === 'connected', 'connected after the outage');
    // Fast at first, then doubling up to a 5 s step: a PBX that is back is found within 5 s.
    expect(retryDelays).toEqual([187.5, 375, 750, 1500, 3000, 3750, 3750, 3750, 3750, 3750, 3750, 3750]);
  });

  it('keeps reconnecting when a status listener throws', async () => {
    const { server, timers, connection } = await setup();
    connection.on('status', () => {
      throw new Error('listener bug');
    });
    connection.start();
    await eventually(() => connection.status.state === 'connected', 'connected');
    server.dropAll();
    await eventually(() => connection.status.state === 'reconnecting', 'reconnecting');
    timers.advance(250);
    await eventually(() => connection.status.state === 'connected', 'reconnected');
  });

  it('jitters over the upper half of each step: never 0, never beyond the step', async () => {
    const deadPort = await unusedPort();
    const draws = [0, 0.999];
    const { timers, connection } = await setup(
      {},
      {
        random: () => draws.shift() ?? 0.5,
        socketFactory: (target) => net.createConnection({ host: target.host, port: deadPort }),
      },
    );
    const delays: number[] = [];
    connection.on('status', () => queueMicrotask(() => delays.push(timers.requested.at(-1) ?? -1)));
    connection.start();
    await eventually(() => delays.length === 2, 'first failure');
    timers.advance(125);
    await eventually(() => delays.length === 3, 'second failure');
    expect(delays.slice(1)).toEqual([125, 499.75]);
  });

  it('reports auth_failed, retries slowly, and recovers when the credentials are fixed', async () => {
    const serverOptions: ScriptedAmiServerOptions = { secret: 'rotated' };
    const { timers, connection, logins, states } = await setup(serverOptions, { authRetryMs: 60_000 });
    connection.start();
    await eventually(() => connection.status.state === 'auth_failed', 'auth_failed');
    expect(connection.status.lastError).toMatch(/Authentication failed/);
    expect(timers.requested.at(-1)).toBe(60_000);
    timers.advance(59_999);
    expect(logins()).toBe(1);
    timers.advance(1);
    await eventually(() => logins() === 2, 'second login attempt');
    await eventually(() => states().length === 3, 'still refused');
    expect(connection.status.state).toBe('auth_failed');
    serverOptions.secret = 'secret';
    timers.advance(60_000);
    await eventually(() => connection.status.state === 'connected', 'connected with fixed secret');
  });

  it('detects a silent peer with the keep-alive deadline and reconnects', async () => {
    let silent = false;
    const { server, timers, connection } = await setup({
      onAction: (action, peer) => {
        if (!silent) peer.send({ Response: 'Success', ActionID: action.actionId ?? '', Ping: 'Pong' });
      },
    });
    const pings = () => server.actions.filter((action) => action.get('action') === 'Ping').length;
    connection.start();
    await eventually(() => connection.status.state === 'connected', 'connected');
    const readsBeforePing = connection.activity.reads;
    timers.advance(15_000);
    await eventually(() => pings() === 1, 'first ping');
    // Wait for the Pong to be read, not for a time.
    await eventually(() => connection.activity.reads > readsBeforePing, 'the Pong');
    expect(connection.status.state).toBe('connected');
    silent = true;
    timers.advance(15_000);
    await eventually(() => pings() === 2, 'second ping');
    timers.advance(4_999);
    expect(connection.status.state).toBe('connected');
    timers.advance(1);
    await eventually(() => connection.status.state === 'reconnecting', 'keep-alive drop');
    expect(connection.status.lastError).toMatch(/keep-alive Ping/);
    silent = false;
    timers.advance(250);
    await eventually(() => connection.status.state === 'connected', 'reconnected');
  });

  it('notices a stalled idle link within seconds with the default keep-alive, says so, and the PBX data turns stale', async () => {
    let stalled = false;
    const { server, timers, connection, states } = await setup(
      { onAction: (action, peer) => (stalled ? undefined : peer.send({ Response: 'Success', ActionID: action.actionId ?? '', Ping: 'Pong' })) },
      { keepAliveIntervalMs: undefined, keepAliveTimeoutMs: undefined },
    );
    const pbx = new PbxService(connection);
    const pings = () => server.actions.filter((action) => action.get('action') === 'Ping').length;
    connection.start();
    await eventually(() => connection.status.state === 'connected' && !pbx.stale, 'connected and current');
    // Idle but healthy: a Ping after 3 s of quiet, answered, link stays up.
    const readsBeforePing = connection.activity.reads;
    timers.advance(3_000);
    await eventually(() => pings() === 1, 'first ping');
    await eventually(() => connection.activity.reads > readsBeforePing, 'the Pong');
    timers.advance(2_000);
    expect(connection.status.state).toBe('connected');
    // The socket stays open but nothing comes any more: 3 s after the last byte (the Pong) comes the next Ping.
    stalled = true;
    timers.advance(1_000);
    await eventually(() => pings() === 2, 'second ping');
    timers.advance(1_999);
    expect(connection.status.state).toBe('connected');
    timers.advance(1);
    await eventually(() => connection.status.state === 'reconnecting', 'stall noticed');
    expect(pbx.stale).toBe(true);
    expect(connection.status.lastError).toMatch(/keep-alive Ping/);
    // The PBX answers again: the first retry is quick.
    stalled = false;
    timers.advance(250);
    await eventually(() => connection.status.state === 'connected' && !pbx.stale, 'reconnected and current again');
    expect(states()).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
  });

  it('keeps a busy link whose Pong is late: any byte proves the peer alive', async () => {
    const { server, timers, connection } = await setup(
      { onAction: () => undefined },
      { keepAliveIntervalMs: undefined, keepAliveTimeoutMs: undefined },
    );
    connection.start();
    await eventually(() => connection.status.state === 'connected', 'connected');
    timers.advance(3_000);
    await eventually(() => server.actions.some((action) => action.get('action') === 'Ping'), 'ping');
    const readsBeforeEvent = connection.activity.reads;
    server.peers[0]?.send({ Event: 'RTCPSent', Channel: 'PJSIP/1001-00000001' });
    await eventually(() => connection.activity.reads > readsBeforeEvent, 'the event');
    timers.advance(2_000);
    expect(connection.status.state).toBe('connected');
  });

  it('rejects pending actions when the link drops and rejects new ones while down', async () => {
    const { server, connection } = await setup({ onAction: () => undefined });
    connection.start();
    await eventually(() => connection.status.state === 'connected', 'connected');
    const pending = connection.listAction({ Action: 'CoreShowChannels' });
    await eventually(() => server.actions.length === 2, 'list sent');
    server.dropAll();
    await expect(pending).rejects.toBeInstanceOf(AmiDisconnectedError);
    await expect(connection.action({ Action: 'Ping' })).rejects.toBeInstanceOf(AmiDisconnectedError);
  });

  it('logs off on stop and does not reconnect', async () => {
    const { server, timers, connection, states } = await setup();
    connection.start();
    await eventually(() => connection.status.state === 'connected', 'connected');
    await connection.stop();
    await eventually(() => server.actions.at(-1)?.get('action') === 'Logoff', 'Logoff received');
    expect(connection.status).toEqual({ state: 'disabled', since: null, lastError: null, banner: 'Asterisk Call Manager/11.0.0' });
    // Once the server has seen the socket close, the client's own close has been handled:
    // a reconnect would now be a scheduled timer (and 'reconnecting' at once when it fires).
    await eventually(() => server.openConnections === 0, 'the link closed');
    expect(timers.pendingCount).toBe(0);
    timers.advance(120_000);
    expect(states().at(-1)).toBe('disabled');
    expect(server.peers).toHaveLength(1);
  });

  it('stops at once even when the peer never answers the Logoff, and can start again', async () => {
    const { server, connection } = await setup({ onAction: () => undefined });
    connection.start();
    await eventually(() => connection.status.state === 'connected', 'connected');
    await connection.stop();
    expect(connection.status.state).toBe('disabled');
    connection.start();
    await eventually(() => connection.status.state === 'connected', 'connected again');
    expect(server.peers).toHaveLength(2);
  });
});
