import { afterEach, describe, expect, it } from 'vitest';
import { AmiTestClient } from './ami-test-client';
import { ManualClock } from './clock';
import { startSimulator } from './simulator';
import type { RunningSimulator } from './simulator';

let sim: RunningSimulator | undefined;
let client: AmiTestClient | undefined;

afterEach(async () => {
  client?.close();
  await sim?.stop();
});

async function setup(): Promise<{ sim: RunningSimulator; c: AmiTestClient; clock: ManualClock }> {
  const clock = new ManualClock();
  sim = await startSimulator({ clock, rtcpIntervalMs: 0 });
  client = await AmiTestClient.connect(sim.port);
  await client.login();
  return { sim, c: client, clock };
}

describe('call actions', () => {
  it('Hangup ends a connected call through its scenario; unknown channels are errors', async () => {
    const { sim, c } = await setup();
    const call = sim.scenarios.call('1001', '1002').answer();
    const missing = await c.action({ Action: 'Hangup', Channel: 'PJSIP/9999-00000001' });
    expect(missing.response).toBe('Error');
    const ok = await c.action({ Action: 'Hangup', Channel: call.callee.name });
    expect(ok.response).toBe('Success');
    expect(call.phase).toBe('ended');
    expect(sim.world.channels.size).toBe(0);
    const bad = await c.action({ Action: 'Hangup' });
    expect(bad.get('Message')).toBe('No channel specified');
  });

  it('BlindTransfer moves the other party to the target, which rings', async () => {
    const { sim, c } = await setup();
    const call = sim.scenarios.call('1001', '1002').answer();
    const noExten = await c.action({ Action: 'BlindTransfer', Channel: call.callee.name });
    expect(noExten.get('Message')).toBe('No extension specified');
    const ok = await c.action({ Action: 'BlindTransfer', Channel: call.callee.name, Exten: '1003', Context: 'from-internal' });
    expect(ok.response).toBe('Success');
    await c.until(() => c.events('BlindTransfer').length === 1, 'BlindTransfer event');
    expect(c.events('BlindTransfer')[0]?.get('IsExternal')).toBe('No');
    expect(sim.world.devices.get('PJSIP/1003')).toBe('RINGING');
    expect(sim.world.devices.get('PJSIP/1002')).toBe('NOT_INUSE');
  });

  it('Redirect sends a channel to another extension and hangs up its peer', async () => {
    const { sim, c } = await setup();
    const call = sim.scenarios.call('1001', '1002').answer();
    const ok = await c.action({ Action: 'Redirect', Channel: call.caller.name, Exten: '1003', Context: 'from-internal', Priority: '1' });
    expect(ok.get('Message')).toBe('Redirect successful');
    expect(sim.world.findChannel(call.callee.name)).toBeUndefined();
    expect(sim.world.devices.get('PJSIP/1003')).toBe('RINGING');
    const gone = await c.action({ Action: 'Redirect', Channel: 'PJSIP/1001-ffffffff', Exten: '1003' });
    expect(gone.response).toBe('Error');
  });

  it('a synchronous Originate answers Success once the phone picks up', async () => {
    const { sim, c, clock } = await setup();
    c.send({ Action: 'Originate', Channel: 'PJSIP/1001', Context: 'from-internal', Exten: '1002', ActionID: 'sync-1' });
    await c.until(() => sim !== undefined && sim.world.channels.size === 1, 'first leg');
    expect(c.messages.some((m) => m.actionId === 'sync-1')).toBe(false);
    clock.advance(1000);
    await c.until(() => c.messages.some((m) => m.actionId === 'sync-1'), 'sync response');
    expect(c.messages.find((m) => m.actionId === 'sync-1')?.get('Message')).toBe('Originate successfully queued');
  });

  it('an Originate the phone does not answer fails after Timeout with reason 3', async () => {
    const { sim, c, clock } = await setup();
    sim.world.unansweringPhones.add('1003');
    await c.action({ Action: 'Originate', Channel: 'PJSIP/1003', Application: 'ChanSpy', Data: 'PJSIP/1001,q', Timeout: '5000', Async: 'true', ActionID: 'slow-1' });
    clock.advance(4000);
    expect(sim.world.devices.get('PJSIP/1003')).toBe('RINGING');
    clock.advance(2000);
    await c.until(() => c.events('OriginateResponse').length === 1, 'OriginateResponse');
    const response = c.events('OriginateResponse')[0];
    expect([response?.get('Response'), response?.get('Reason')]).toEqual(['Failure', '3']);
    expect(sim.world.channels.size).toBe(0);
  });

  it('ChanSpy without u matches a channel name prefix', async () => {
    const { sim, c, clock } = await setup();
    const call = sim.scenarios.call('1001', '1002').answer();
    await c.action({ Action: 'Originate', Channel: 'PJSIP/1003', Application: 'ChanSpy', Data: 'PJSIP/100,q', Async: 'true' });
    clock.advance(1000);
    await c.until(() => c.events('ChanSpyStart').length === 1, 'ChanSpyStart');
    expect(c.events('ChanSpyStart')[0]?.get('SpyeeChannel')).toBe(call.caller.name);
  });

  it('queue actions reject unknown queues and duplicate members', async () => {
    const { c } = await setup();
    const noQueue = await c.action({ Action: 'QueueAdd', Queue: 'nope', Interface: 'PJSIP/1003' });
    expect(noQueue.response).toBe('Error');
    const added = await c.action({ Action: 'QueueAdd', Queue: 'support', Interface: 'PJSIP/1003' });
    expect(added.get('Message')).toBe('Added interface to queue');
    const again = await c.action({ Action: 'QueueAdd', Queue: 'support', Interface: 'PJSIP/1003' });
    expect(again.get('Message')).toBe('Unable to add interface: Already there');
    const staticMember = await c.action({ Action: 'QueueRemove', Queue: 'support', Interface: 'PJSIP/1001' });
    expect(staticMember.response).toBe('Error');
  });

  it('sends SuccessfulAuth (security) after login to sessions that listen to it', async () => {
    const { c } = await setup();
    await c.until(() => c.events('SuccessfulAuth').length >= 1, 'SuccessfulAuth');
    expect(c.events('SuccessfulAuth')[0]?.get('Service')).toBe('AMI');
  });
});

describe('world state', () => {
  it('device states: ringing, in use, on hold for the party hearing music, unavailable when unregistered', async () => {
    const { sim } = await setup();
    const { world, scenarios } = sim;
    expect(world.devices.get('PJSIP/2001')).toBe('UNAVAILABLE');
    const call = scenarios.call('1001', '1002');
    expect(world.devices.get('PJSIP/1001')).toBe('INUSE');
    expect(world.devices.get('PJSIP/1002')).toBe('RINGING');
    call.answer();
    call.hold('caller');
    expect(world.devices.get('PJSIP/1002')).toBe('ONHOLD');
    expect(world.devices.get('PJSIP/1001')).toBe('INUSE');
    scenarios.call('1003', '1001');
    expect(world.devices.get('PJSIP/1001')).toBe('RINGINUSE');
    scenarios.setRegistered('1003', false);
    expect(world.endpoints.get('1003')?.registered).toBe(false);
  });

  it('an inbound trunk call rings the extension with the outside caller id', async () => {
    const { sim } = await setup();
    const call = sim.scenarios.inbound('+15551234567', '1002');
    expect(call.callee.connectedNum).toBe('+15551234567');
    call.answer();
    expect(call.caller.linkedid).toBe(call.callee.linkedid);
    expect(() => call.answer()).toThrow();
  });

  it('refuses calls to extensions that do not exist; an unregistered one fails like CHANUNAVAIL', async () => {
    const { sim } = await setup();
    expect(() => sim.scenarios.call('1001', '4242')).toThrow('no endpoint 4242');
    expect(() => sim.scenarios.call('1001', '2001')).toThrow('unavailable');
    expect(sim.world.channels.size).toBe(0);
    expect(sim.world.devices.get('PJSIP/1001')).toBe('NOT_INUSE');
  });
});
