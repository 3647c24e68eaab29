import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallView, MonitorMode } from '@ondeck/shared';
import type { AuditEntry } from '../db';
import { AppError } from '../lib/app-error';
import { AmiActionError, AmiDisconnectedError, AmiMessage } from '../pbx/ami';
import { createLogger } from '../logging';
import { LiveActionsService } from './live-actions.service';
import { MonitoredFeed } from './monitor-modes';
import { clickToDial } from './ami-commands';
import { startLiveLab, type LiveLab } from './testing/live-lab';
import { ALL, scopeOf } from './testing/panel-fixtures';
import type { Actor } from '../lib/actor';

/**
 * Every panel action against the simulated PBX, for each role, in and out of scope, with
 * allowed and denied monitor modes. What reached "Asterisk" is read back from the
 * simulator's recording of the exact AMI action.
 */
let lab: LiveLab;
let actions: LiveActionsService;
let feed: MonitoredFeed;
const audit: AuditEntry[] = [];
let salesCall: CallView;
let supportCall: CallView;

const admin: Actor = { id: 1, username: 'admin', displayName: 'Ada Admin', role: 'admin', extension: '1006', monitorModes: [], scope: ALL, ip: '127.0.0.1' };
const supervisor = (monitorModes: MonitorMode[], extension: string | null = '1005'): Actor => ({
  id: 2,
  username: 'sup',
  displayName: 'Sam Super',
  role: 'supervisor',
  extension,
  monitorModes,
  scope: scopeOf(['1001', '1002', ...(extension ? [extension] : [])], ['sales']),
  ip: '127.0.0.1',
});
const agent: Actor = { id: 3, username: 'agent', displayName: 'Alice Agent', role: 'agent', extension: '1001', monitorModes: ['listen'], scope: scopeOf(['1001'], ['sales']), ip: '127.0.0.1' };

function channelOf(call: CallView, extension: string): string {
  const channel = call.parties.find((p) => p.extension === extension)?.channel;
  if (!channel) throw new Error(`no channel for ${extension}`);
  return channel;
}

/** The admin's pause reasons as the service reads them at each action. */
let pauseReasons: string[] = ['Lunch', 'Break'];

/** Runs an action and returns what the simulator received because of it. */
async function sent(run: () => Promise<unknown>): Promise<Array<Record<string, string>>> {
  const before = lab.sim.recordedActions.length;
  await run();
  await lab.settle();
  return lab.sim.recordedActions.slice(before).map((a) => a.fields).filter((f) => f.Action !== 'Ping');
}

/** Expects the action to be refused with `code`, nothing sent to the PBX, and the refusal audited. */
async function refused(run: () => Promise<unknown>, code: string, auditResult = 'denied'): Promise<AppError> {
  const before = lab.sim.recordedActions.filter((a) => a.action !== 'Ping').length;
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  expect(lab.sim.recordedActions.filter((a) => a.action !== 'Ping')).toHaveLength(before);
  expect(audit.at(-1)?.result).toBe(auditResult);
  return error as AppError;
}

beforeAll(async () => {
  lab = await startLiveLab();
  feed = new MonitoredFeed(lab.pbx);
  actions = new LiveActionsService({
    pbx: feed,
    refusalWindowMs: 0,
    ami: lab.ami,
    audit: { record: async (entry) => void audit.push(entry) },
    pauseReasons: () => pauseReasons,
    logger: createLogger('silent'),
  });
  lab.sim.scenarios.call('1001', '1002').answer();
  lab.sim.scenarios.call('1003', '1004').answer();
  await lab.settle();
  const calls = lab.pbx.snapshot().calls;
  const find = (ext: string): CallView => {
    const call = calls.find((c) => c.extensions.includes(ext));
    if (!call) throw new Error(`no call with ${ext}`);
    return call;
  };
  salesCall = find('1001');
  supportCall = find('1003');
}, 60_000);

afterAll(async () => {
  await lab.stop();
});

beforeEach(() => {
  audit.length = 0;
});

/** Hangs up every supervisor spy leg (the supervisor puts the phone down). */
async function endSpies(): Promise<void> {
  for (const call of lab.pbx.snapshot().calls) {
    const own = call.parties.length === 1 ? call.parties[0] : undefined;
    if (call.spying) lab.sim.scenarios.hangupChannel(call.spying.spyChannel);
    else if (own?.extension === '1005' || own?.extension === '1006') lab.sim.scenarios.hangupChannel(own.channel);
  }
  await lab.settle();
}

describe('spy', () => {
  afterEach(endSpies);

  it.each([
    ['listen', 'qEdu'],
    ['whisper', 'qEduw'],
  ] as const)('lets a supervisor %s on an in-scope call with ChanSpy and the d (mode keys) option', async (mode, options) => {
    const actionsSent = await sent(() => actions.spy(supervisor(['listen', 'whisper']), { callId: salesCall.id, channel: channelOf(salesCall, '1002'), mode }));
    expect(actionsSent).toHaveLength(1);
    expect(actionsSent[0]).toMatchObject({
      Action: 'Originate',
      Channel: 'PJSIP/1005',
      Application: 'ChanSpy',
      Data: `${channelOf(salesCall, '1002')},${options}`,
      Async: 'true',
    });
    expect(actionsSent[0]?.CallerID).toBe(`"${mode === 'listen' ? 'Listen' : 'Whisper'} (OnDeck)" <1005>`);
    expect(audit.at(-1)).toMatchObject({ actorId: 2, action: `live.spy.${mode}`, target: `call:${salesCall.id}`, result: 'success' });
  });

  it('refuses a mode the supervisor lacks', async () => {
    await refused(() => actions.spy(supervisor(['listen']), { callId: salesCall.id, mode: 'barge' }), 'forbidden');
  });

  it('refuses a call outside scope with the same words as a call that does not exist', async () => {
    const outside = await refused(() => actions.spy(supervisor(['listen']), { callId: supportCall.id, mode: 'listen' }), 'not_found');
    const missing = await refused(() => actions.spy(supervisor(['listen']), { callId: 'no-such-call', mode: 'listen' }), 'not_found');
    expect(outside.message).toBe(missing.message);
    expect(outside.message).not.toMatch(/1003|1004/);
  });

  it('refuses a channel that is not a visible party of the call', async () => {
    await refused(() => actions.spy(supervisor(['listen']), { callId: salesCall.id, channel: channelOf(supportCall, '1003'), mode: 'listen' }), 'not_found');
  });

  it('lets an admin barge anywhere, defaulting to the first extension on the call', async () => {
    const actionsSent = await sent(() => actions.spy(admin, { callId: supportCall.id, mode: 'barge' }));
    expect(actionsSent[0]).toMatchObject({ Channel: 'PJSIP/1006', Application: 'ChanSpy', Data: `${channelOf(supportCall, '1003')},qEduB` });
  });

  it('refuses agents, users without an extension, and spying on oneself', async () => {
    await refused(() => actions.spy(agent, { callId: salesCall.id, mode: 'listen' }), 'forbidden');
    await refused(() => actions.spy(supervisor(['listen'], null), { callId: salesCall.id, mode: 'listen' }), 'bad_request', 'failure');
    await refused(
      () => actions.spy(supervisor(['listen'], '1001'), { callId: salesCall.id, channel: channelOf(salesCall, '1001'), mode: 'listen' }),
      'bad_request',
      'failure',
    );
  });

  it('runs one session per supervisor: a second start is refused while the first rings or runs, saying why', async () => {
    const sup = supervisor(['listen', 'whisper', 'barge']);
    await sent(() => actions.spy(sup, { callId: salesCall.id, mode: 'listen' }));
    const whileRinging = await refused(() => actions.spy(sup, { callId: salesCall.id, mode: 'barge' }), 'conflict', 'failure');
    expect(whileRinging.message).toMatch(/in another call|being called/);
    await lab.advance(3000);
    const running = await refused(() => actions.spy(sup, { callId: salesCall.id, mode: 'whisper' }), 'conflict', 'failure');
    expect(running.message).toMatch(/already listening to 1001/);
  });

  it('refuses to start while the supervisor’s own phone is in another call', async () => {
    const own = lab.sim.scenarios.call('1005', '1006');
    own.answer();
    await lab.settle();
    const error = await refused(() => actions.spy(supervisor(['listen']), { callId: salesCall.id, mode: 'listen' }), 'conflict', 'failure');
    expect(error.message).toBe('Your phone (1005) is in another call. Finish that call first, then start listening.');
    own.hangup('caller');
    await lab.settle();
  });

  it('switches the mode with ChanSpy’s key on the spy channel and stops by hanging it up', async () => {
    const sup = supervisor(['listen', 'whisper']);
    await sent(() => actions.spy(sup, { callId: salesCall.id, mode: 'listen' }));
    await lab.advance(3000);
    const spyLeg = lab.pbx.snapshot().calls.find((c) => c.spying?.spy === '1005')?.spying;
    expect(spyLeg).toMatchObject({ target: '1001', mode: 'listen', options: 'qEdu' });
    if (!spyLeg) return;
    const switched = await sent(() => actions.spySwitch(sup, { mode: 'whisper' }));
    expect(switched).toHaveLength(1);
    expect(switched[0]).toMatchObject({ Action: 'PlayDTMF', Channel: spyLeg.spyChannel, Digit: '5', Duration: '180', Receive: 'true' });
    // Asterisk reports no mode change; the panel's feed carries the mode OnDeck switched to.
    expect(feed.snapshot().calls.find((c) => c.spying?.spy === '1005')?.spying?.mode).toBe('whisper');
    expect(feed.snapshot().calls.find((c) => c.id === salesCall.id)?.spiedBy).toEqual([expect.objectContaining({ spy: '1005', mode: 'whisper' })]);
    expect(audit.at(-1)).toMatchObject({ action: 'live.spy.switch.whisper', result: 'success', details: { from: 'listen', to: 'whisper' } });
    // Modes allowed per supervisor still apply to Switch.
    await refused(() => actions.spySwitch(sup, { mode: 'barge' }), 'forbidden');
    const [hangup] = await sent(() => actions.spyStop(sup));
    expect(hangup).toMatchObject({ Action: 'Hangup', Channel: spyLeg.spyChannel });
    await lab.settle();
    expect(lab.pbx.snapshot().calls.some((c) => c.spying?.spy === '1005')).toBe(false);
    expect(lab.pbx.snapshot().calls.some((c) => c.id === salesCall.id)).toBe(true);
    await refused(() => actions.spyStop(sup), 'not_found');
  });

  it('follows extension scope: a call visible only through a queue cannot be listened to', async () => {
    const queueOnly: Actor = { ...supervisor(['listen']), scope: scopeOf(['1005'], ['support']) };
    const call = lab.pbx.snapshot().calls.find((c) => c.extensions.includes('1003'));
    if (!call) throw new Error('no support call');
    await refused(() => actions.spy(queueOnly, { callId: call.id, mode: 'listen' }), 'not_found');
  });
});

describe('hangup and redirect', () => {
  it('refuses agents a hangup and supervisors a call outside scope', async () => {
    await refused(() => actions.hangup(agent, { callId: salesCall.id }), 'forbidden');
    await refused(() => actions.hangup(supervisor([]), { callId: supportCall.id }), 'not_found');
  });

  it('lets a supervisor hang up an in-scope call and an admin any call', async () => {
    const [hangup] = await sent(() => actions.hangup(admin, { callId: supportCall.id, channel: channelOf(supportCall, '1004') }));
    expect(hangup).toMatchObject({ Action: 'Hangup', Channel: channelOf(supportCall, '1004') });
    const current = lab.pbx.snapshot().calls.find((c) => c.extensions.includes('1001'));
    expect(current).toBeDefined();
    if (!current) return;
    const [supHangup] = await sent(() => actions.hangup(supervisor([]), { callId: current.id }));
    expect(supHangup).toMatchObject({ Action: 'Hangup', Channel: channelOf(current, '1001') });
    expect(audit.at(-1)).toMatchObject({ action: 'live.hangup', result: 'success' });
  });

  it('redirects a leg to a number as a blind transfer; agents only their own calls', async () => {
    lab.sim.scenarios.call('1001', '1002').answer();
    await lab.settle();
    const call = lab.pbx.snapshot().calls.find((c) => c.extensions.includes('1001'));
    if (!call) throw new Error('no call for 1001');
    // The agent cannot see 1002's channel (out of scope) but may move the person they talk to.
    await refused(() => actions.redirect(agent, { callId: call.id, channel: channelOf(call, '1002'), target: '1006' }), 'not_found');
    const onlooker: Actor = { ...agent, extension: '1003', scope: scopeOf(['1001', '1003']) };
    await refused(() => actions.redirect(onlooker, { callId: call.id, target: '1006' }), 'forbidden');
    const [redirect] = await sent(() => actions.redirect(agent, { callId: call.id, target: '1006' }));
    expect(redirect).toMatchObject({ Action: 'Redirect', Channel: channelOf(call, '1002'), Context: 'from-internal', Exten: '1006', Priority: '1' });
    expect(audit.at(-1)).toMatchObject({ action: 'live.redirect', result: 'success', details: { channel: channelOf(call, '1002'), to: '1006' } });
  });
});

describe('click-to-dial', () => {
  it('rings the user’s own phone first, then the target', async () => {
    const [originate] = await sent(() => actions.dial(agent, { target: '1003' }));
    expect(originate).toMatchObject({ Action: 'Originate', Channel: 'PJSIP/1001', Context: 'from-internal', Exten: '1003', Priority: '1', Async: 'true' });
  });

  it('shows the called party the user’s own extension and name, not the target (capture click-to-dial-originate)', async () => {
    const [originate] = await sent(() => actions.dial(agent, { target: '1003' }));
    // The extension's name as the PBX knows it (FreePBX's users table; here the simulator's).
    expect(originate?.CallerID).toBe('"Ext 1001" <1001>');
    expect(originate?.CallerID).not.toContain('1003');
    // Without a PBX name, the OnDeck account's name; quotes and brackets cannot break the syntax.
    expect(clickToDial('1001', 'Eve "<x>" \\ Ops', '1004').CallerID).toBe('"Eve x  Ops" <1001>');
    expect(clickToDial('1001', '', '1004').CallerID).toBe('"1001" <1001>');
  });

  it('needs an extension', async () => {
    await refused(() => actions.dial({ ...admin, extension: null }, { target: '1003' }), 'bad_request', 'failure');
  });
});

describe('queue members', () => {
  it('pauses with a configured reason and unpauses', async () => {
    const [pause] = await sent(() => actions.queuePause(supervisor([]), { queue: 'sales', extension: '1002', reason: 'Lunch' }));
    expect(pause).toMatchObject({ Action: 'QueuePause', Queue: 'sales', Interface: 'PJSIP/1002', Paused: 'true', Reason: 'Lunch' });
    const [unpause] = await sent(() => actions.queueUnpause(supervisor([]), { queue: 'sales', extension: '1002' }));
    expect(unpause).toMatchObject({ Action: 'QueuePause', Queue: 'sales', Interface: 'PJSIP/1002', Paused: 'false' });
  });

  it('refuses a reason that is not configured, and a pause without a reason while reasons are configured', async () => {
    await refused(() => actions.queuePause(supervisor([]), { queue: 'sales', extension: '1002', reason: 'Nap' }), 'validation_failed', 'failure');
    await refused(() => actions.queuePause(supervisor([]), { queue: 'sales', extension: '1002' }), 'validation_failed', 'failure');
  });

  it('pauses without a reason when the admin configured none (an empty list does not disable pausing)', async () => {
    pauseReasons = [];
    try {
      const [pause] = await sent(() => actions.queuePause(supervisor([]), { queue: 'sales', extension: '1002' }));
      expect(pause).toMatchObject({ Action: 'QueuePause', Queue: 'sales', Interface: 'PJSIP/1002', Paused: 'true' });
      expect(pause).not.toHaveProperty('Reason');
      expect(audit.at(-1)).toMatchObject({ action: 'live.queue.pause', result: 'success' });
      await refused(() => actions.queuePause(supervisor([]), { queue: 'sales', extension: '1002', reason: 'Lunch' }), 'validation_failed', 'failure');
      await sent(() => actions.queueUnpause(supervisor([]), { queue: 'sales', extension: '1002' }));
    } finally {
      pauseReasons = ['Lunch', 'Break'];
    }
  });

  it('adds a member as the plain Asterisk device when the PBX’s members are devices, and refuses adding it twice', async () => {
    const [add] = await sent(() => actions.queueAdd(supervisor([]), { queue: 'sales', extension: '1005' }));
    expect(add).toMatchObject({ Action: 'QueueAdd', Queue: 'sales', Interface: 'PJSIP/1005', StateInterface: 'PJSIP/1005', Paused: 'false' });
    await lab.settle();
    const member = lab.pbx.snapshot().queues.find((q) => q.name === 'sales')?.members.find((m) => m.extension === '1005');
    expect(member).toMatchObject({ status: 'not_in_use', membership: 'dynamic' });
    await refused(() => actions.queueAdd(supervisor([]), { queue: 'sales', extension: '1005' }), 'conflict', 'failure');
    const [remove] = await sent(() => actions.queueRemove(supervisor([]), { queue: 'sales', extension: '1005' }));
    expect(remove).toMatchObject({ Action: 'QueueRemove', Queue: 'sales', Interface: 'PJSIP/1005' });
  });

  it('writes FreePBX members (Local + hint) when configured, and the model shows them Invalid on a PBX without that hint', async () => {
    const freepbx = new LiveActionsService({ pbx: feed, ami: lab.ami, audit: { record: async () => undefined }, pauseReasons: () => [], logger: createLogger('silent'), queueMemberStyle: 'freepbx' });
    const [add] = await sent(() => freepbx.queueAdd(admin, { queue: 'support', extension: '1006' }));
    expect(add).toMatchObject({ Interface: 'Local/1006@from-queue/n', StateInterface: 'hint:1006@ext-local' });
    const member = lab.pbx.snapshot().queues.find((q) => q.name === 'support')?.members.find((m) => m.extension === '1006');
    expect(member?.status).toBe('invalid');
    await sent(() => freepbx.queueRemove(admin, { queue: 'support', extension: '1006' }));
  });

  it('lets a supervisor add, pause and remove only extensions in scope that the PBX knows', async () => {
    const sup = supervisor([]);
    const outOfScope = await refused(() => actions.queueAdd(sup, { queue: 'sales', extension: '1003' }), 'forbidden');
    expect(outOfScope.message).toBe('1003 is not in your scope, so you cannot change its queue membership.');
    const unknown = await refused(() => actions.queueAdd(admin, { queue: 'sales', extension: '4711' }), 'validation_failed', 'failure');
    expect(unknown.message).toBe('The PBX has no extension 4711.');
    // An out-of-scope member someone else added: the supervisor cannot pause or remove it either.
    await sent(() => actions.queueAdd(admin, { queue: 'sales', extension: '1004' }));
    await refused(() => actions.queuePause(sup, { queue: 'sales', extension: '1004', reason: 'Lunch' }), 'forbidden');
    await refused(() => actions.queueRemove(sup, { queue: 'sales', extension: '1004' }), 'forbidden');
    await sent(() => actions.queueRemove(admin, { queue: 'sales', extension: '1004' }));
  });

  it('keeps supervisors to their queues and agents to themselves', async () => {
    await refused(() => actions.queuePause(supervisor([]), { queue: 'support', extension: '1003', reason: 'Lunch' }), 'not_found');
    await refused(() => actions.queuePause(agent, { queue: 'sales', extension: '1002', reason: 'Lunch' }), 'forbidden');
    const [own] = await sent(() => actions.queuePause(agent, { queue: 'sales', extension: '1001', reason: 'Break' }));
    expect(own).toMatchObject({ Action: 'QueuePause', Interface: 'PJSIP/1001', Reason: 'Break' });
  });

  it('lets an admin manage any queue', async () => {
    const [pause] = await sent(() => actions.queuePause(admin, { queue: 'support', extension: '1003', reason: 'Break' }));
    expect(pause).toMatchObject({ Action: 'QueuePause', Queue: 'support', Interface: 'PJSIP/1003' });
  });
});

describe('PBX errors', () => {
  const failingWith = (error: Error): LiveActionsService =>
    new LiveActionsService({
      pbx: new MonitoredFeed(lab.pbx),
      ami: { action: () => Promise.reject(error) },
      audit: { record: async (entry) => void audit.push(entry) },
      pauseReasons: () => ['Lunch'],
      logger: createLogger('silent'),
    });

  it('turns an Asterisk refusal into pbx_error and a lost link into pbx_unavailable, both audited as failures', async () => {
    const refusal = new AmiActionError('QueuePause', 'Interface not found', AmiMessage.from({ Response: 'Error' }));
    const error = await failingWith(refusal).queueUnpause(admin, { queue: 'sales', extension: '1001' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'pbx_error', message: 'The PBX refused: Interface not found' });
    expect(audit.at(-1)).toMatchObject({ action: 'live.queue.unpause', result: 'failure' });
    const down = await failingWith(new AmiDisconnectedError('gone')).dial(admin, { target: '1001' }).catch((e: unknown) => e);
    expect(down).toMatchObject({ code: 'pbx_unavailable' });
  });

  it('does not fail a done action when the audit log cannot be written', async () => {
    const service = new LiveActionsService({
      pbx: new MonitoredFeed(lab.pbx),
      ami: { action: async () => undefined },
      audit: { record: () => Promise.reject(new Error('db down')) },
      pauseReasons: () => [],
      logger: createLogger('silent'),
    });
    await expect(service.dial(admin, { target: '1001' })).resolves.toMatchObject({ message: expect.stringContaining('1001') });
  });
});
