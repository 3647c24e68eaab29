import { afterEach, describe, expect, it } from 'vitest';
import { AmiTestClient } from './ami-test-client';
import { ManualClock, startSimulator } from './index';
import type { RunningSimulator } from './index';

let sim: RunningSimulator | undefined;
const clients: AmiTestClient[] = [];

async function start(): Promise<{ sim: RunningSimulator; client: AmiTestClient }> {
  sim = await startSimulator({ clock: new ManualClock() });
  const client = await AmiTestClient.connect(sim.port);
  clients.push(client);
  return { sim, client };
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sim?.stop();
  sim = undefined;
});

describe('AMI server', () => {
  it('greets with the Asterisk banner and accepts the configured login, then FullyBooted', async () => {
    const { client } = await start();
    expect(client.banner).toBe('Asterisk Call Manager/11.0.0');
    const response = await client.login();
    expect(response.lines).toEqual([
      ['Response', 'Success'],
      ['ActionID', response.actionId],
      ['Message', 'Authentication accepted'],
    ]);
    await client.until(() => client.events('FullyBooted').length === 1);
    expect(client.events('FullyBooted')[0]?.get('Privilege')).toBe('system,all');
  });

  it('rejects a wrong secret like Asterisk and closes the connection', async () => {
    const { client } = await start();
    const response = await client.login('wrong');
    expect(response.response).toBe('Error');
    expect(response.get('Message')).toBe('Authentication failed');
    await client.until(() => client.closed, 'close');
  });

  it('refuses actions before login', async () => {
    const { client } = await start();
    const response = await client.action({ Action: 'Ping' });
    expect(response.get('Message')).toBe('Permission denied');
  });

  it('answers Ping, unknown actions and Logoff with the exact texts', async () => {
    const { client } = await start();
    await client.login();
    const ping = await client.action({ Action: 'Ping' });
    expect(ping.get('Ping')).toBe('Pong');
    expect(ping.get('Timestamp')).toMatch(/^\d+\.\d{6}$/);
    const bogus = await client.action({ Action: 'Bogus' });
    expect(bogus.response).toBe('Error');
    expect(bogus.get('Message')).toBe('Invalid/unknown command: Bogus. Use Action: ListCommands to show available commands.');
    const bye = await client.action({ Action: 'Logoff' });
    expect(bye.response).toBe('Goodbye');
    expect(bye.get('Message')).toBe('Thanks for all the fish.');
    await client.until(() => client.closed, 'close');
  });

  it('filters events by the session mask and by the Events action', async () => {
    const { sim, client } = await start();
    await client.login('panelsecret', 'agent');
    sim.scenarios.call('1001', '1002');
    const other = await AmiTestClient.connect(sim.port);
    clients.push(other);
    await other.login();
    sim.scenarios.call('1003', '1001');
    await other.until(() => other.events('Newchannel').length >= 1, 'Newchannel');
    await client.until(() => client.events('QueueMemberStatus').length > 0, 'agent events');
    expect(client.events('Newchannel')).toHaveLength(0);
    expect(client.events().every((e) => e.get('Privilege') === 'agent,all')).toBe(true);
    client.send({ Action: 'Events', EventMask: 'off', ActionID: 'ev-1' });
    await client.until(() => client.messages.some((m) => m.get('Events') === 'Off'), 'Events: Off');
    expect(client.messages.find((m) => m.get('Events') === 'Off')?.actionId).toBeUndefined();
    const bad = await client.action({ Action: 'Events', EventMask: 'nonsense' });
    expect(bad.response).toBe('Error');
  });

  it('records every action with its exact fields and can drop all connections', async () => {
    const { sim, client } = await start();
    await client.login();
    await client.action({ Action: 'Originate', Channel: 'PJSIP/1003', Application: 'ChanSpy', Data: 'PJSIP/1001-00000002,qEuw', Async: 'true' });
    const originate = sim.recordedActions.find((a) => a.action === 'Originate');
    expect(originate?.fields.Application).toBe('ChanSpy');
    expect(originate?.fields.Data).toBe('PJSIP/1001-00000002,qEuw');
    expect(sim.connectionCount()).toBe(1);
    sim.dropAllConnections();
    await client.until(() => client.closed, 'close');
  });
});
