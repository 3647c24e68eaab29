import type { ActionContext, ActionHandler } from './action-context';
import { amiTrue, sendList } from './action-context';
import { parseEventMask } from './ami-session';
import { memberFields } from './queue-model';
import type { QueueMember } from './queue-model';

function formatDate(ms: number): [string, string] {
  const iso = new Date(ms).toISOString();
  return [iso.slice(0, 10), iso.slice(11, 19)];
}

const ping: ActionHandler = ({ session, request, world }) => {
  const now = world.clock.now();
  session.respond(request, 'Success', { Ping: 'Pong', Timestamp: `${Math.floor(now / 1000)}.${String((now % 1000) * 1000).padStart(6, '0')}` });
};

const logoff: ActionHandler = ({ session, request }) => {
  session.respond(request, 'Goodbye', { Message: 'Thanks for all the fish.' });
  session.close();
};

const events: ActionHandler = ({ session, request }) => {
  const mask = parseEventMask(request.get('EventMask'));
  if (!mask) return session.error(request, 'Invalid event mask');
  session.mask = mask;
  // manager.c writes this reply by hand (astman_append): it carries no ActionID.
  session.write({ Response: 'Success', Events: mask.size > 0 ? 'On' : 'Off' });
};

const coreStatus: ActionHandler = ({ session, request, world }) => {
  const [startDate, startTime] = formatDate(world.startedAt);
  const live = new Set([...world.channels.values()].map((c) => c.linkedid));
  session.respond(request, 'Success', {
    CoreStartupDate: startDate,
    CoreStartupTime: startTime,
    CoreReloadDate: startDate,
    CoreReloadTime: startTime,
    CoreCurrentCalls: String(live.size),
    CoreProcessedCalls: String(world.processedCalls),
  });
};

const dbPut: ActionHandler = ({ session, request, world }) => {
  const family = request.get('Family');
  const key = request.get('Key');
  if (!family) return session.error(request, 'No family specified');
  if (!key) return session.error(request, 'No key specified');
  world.astdb.put(family, key, request.get('Val') ?? '');
  session.respond(request, 'Success', { Message: 'Updated database successfully' });
};

const dbGet: ActionHandler = (ctx) => {
  const { session, request, world } = ctx;
  const family = request.get('Family');
  const key = request.get('Key');
  if (!family) return session.error(request, 'No family specified.');
  if (!key) return session.error(request, 'No key specified.');
  const value = world.astdb.get(family, key);
  if (value === undefined) return session.error(request, 'Database entry not found');
  sendList(ctx, 'Result will follow', [{ event: 'DBGetResponse', fields: { Family: family, Key: key, Val: value }, actionIdLast: true }], 'DBGetComplete');
};

const dbGetTree: ActionHandler = (ctx) => {
  const { request, world } = ctx;
  const items = world.astdb.tree(request.get('Family') ?? '', request.get('Key') ?? '');
  sendList(ctx, 'Result will follow', items.map(([key, value]) => ({ event: 'DBGetTreeResponse', fields: { Key: key, Val: value }, actionIdLast: true })), 'DBGetTreeComplete');
};

const dbDel: ActionHandler = ({ session, request, world }) => {
  const family = request.get('Family');
  const key = request.get('Key');
  if (!family) return session.error(request, 'No family specified.');
  if (!key) return session.error(request, 'No key specified.');
  if (!world.astdb.del(family, key)) return session.error(request, 'Database entry could not be deleted');
  session.respond(request, 'Success', { Message: 'Key deleted successfully' });
};

/**
 * A state interface `hint:<ext>@<context>` follows the hint in that dialplan context. This
 * box's hints are in from-internal (its ExtensionStatus events); FreePBX's `@ext-local` does
 * not exist here, so such a member is Invalid and never rings, as on a real plain Asterisk.
 */
function memberState(world: ActionContext['world'], stateInterface: string): QueueMember['status'] {
  const hint = /^hint:([^@]+)@(.+)$/.exec(stateInterface);
  if (!hint) return world.devices.get(stateInterface);
  const [, exten = '', context] = hint;
  return context === 'from-internal' && world.endpoints.has(exten) ? world.devices.get(`PJSIP/${exten}`) : 'INVALID';
}

const queueAdd: ActionHandler = ({ session, request, world }) => {
  const queue = world.queues.get(request.get('Queue') ?? '');
  const iface = request.get('Interface');
  if (!iface) return session.error(request, "'Interface' not specified.");
  if (!queue) return session.error(request, 'Unable to add interface to queue: No such queue');
  if (queue.findMember(iface)) return session.error(request, 'Unable to add interface: Already there');
  const stateInterface = request.get('StateInterface') || iface;
  const paused = amiTrue(request.get('Paused'));
  const member: QueueMember = {
    name: request.get('MemberName') || iface,
    interface: iface,
    stateInterface,
    membership: 'dynamic',
    penalty: Number(request.get('Penalty') ?? 0) || 0,
    callsTaken: 0,
    lastCall: 0,
    lastPause: 0,
    loginTime: world.nowSeconds(),
    inCall: false,
    paused,
    pausedReason: paused ? (request.get('Reason') ?? '') : '',
    wrapuptime: 0,
    ringinuse: false,
    status: memberState(world, stateInterface),
  };
  queue.members.push(member);
  world.emit('QueueMemberAdded', 'agent', memberFields(queue, member));
  session.respond(request, 'Success', { Message: 'Added interface to queue' });
  world.devices.refreshQueueAvail(queue);
};

const queueRemove: ActionHandler = ({ session, request, world }) => {
  const queue = world.queues.get(request.get('Queue') ?? '');
  const iface = request.get('Interface') ?? '';
  if (!queue) return session.error(request, 'Unable to remove interface from queue: No such queue');
  const member = queue.findMember(iface);
  if (!member) return session.error(request, 'Unable to remove interface: Not there');
  if (member.membership === 'static') return session.error(request, 'Unable to remove interface: Not dynamic');
  queue.members.splice(queue.members.indexOf(member), 1);
  world.emit('QueueMemberRemoved', 'agent', memberFields(queue, member));
  session.respond(request, 'Success', { Message: 'Removed interface from queue' });
  world.devices.refreshQueueAvail(queue);
};

const queuePause: ActionHandler = ({ session, request, world }) => {
  const iface = request.get('Interface');
  if (!iface) return session.error(request, 'Need an interface');
  const paused = amiTrue(request.get('Paused'));
  const queueName = request.get('Queue');
  const targets = [...world.queues.values()].filter((q) => !queueName || q.name === queueName).flatMap((queue) => {
    const member = queue.findMember(iface);
    return member ? [{ queue, member }] : [];
  });
  if (targets.length === 0) return session.error(request, 'Interface not found');
  for (const { queue, member } of targets) {
    member.paused = paused;
    member.pausedReason = paused ? (request.get('Reason') ?? '') : '';
    if (paused) member.lastPause = world.nowSeconds();
    world.devices.set(`Queue:${queue.name}_pause_${member.interface}`, paused ? 'INUSE' : 'NOT_INUSE');
    world.emit('QueueMemberPause', 'agent', memberFields(queue, member));
  }
  session.respond(request, 'Success', { Message: paused ? 'Interface paused successfully' : 'Interface unpaused successfully' });
  for (const { queue } of targets) world.devices.refreshQueueAvail(queue);
};

export const coreActions: Record<string, ActionHandler> = {
  ping,
  logoff,
  events,
  corestatus: coreStatus,
  dbput: dbPut,
  dbget: dbGet,
  dbgettree: dbGetTree,
  dbdel: dbDel,
  queueadd: queueAdd,
  queueremove: queueRemove,
  queuepause: queuePause,
};

export type { ActionContext };
