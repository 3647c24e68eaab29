import type { ActionContext, ActionHandler } from './action-context';
import { amiTrue } from './action-context';
import { DialedCall } from './internal-call';
import { continueInDialplan, findSpyee, originateFirstLeg, parseCallerId, SpySession } from './originate';
import type { OriginateRequest } from './originate';
import type { SimChannel } from './channel';
import { AttendedTransfer } from './attended-transfer';
import { blindTransfer, redirect } from './transfers';

function channelArg(ctx: ActionContext, key = 'Channel'): SimChannel | undefined {
  const name = ctx.request.get(key);
  return name ? ctx.world.findChannel(name) : undefined;
}

function dialedCallOf(ctx: ActionContext, channel: SimChannel): DialedCall | undefined {
  const call = ctx.calls.find(channel);
  return call instanceof DialedCall ? call : undefined;
}

const originate: ActionHandler = (ctx) => {
  const { session, request, world, calls } = ctx;
  const channel = request.get('Channel');
  if (!channel) return session.error(request, 'Channel not specified');
  const originateRequest: OriginateRequest = {
    channel,
    context: request.get('Context'),
    exten: request.get('Exten'),
    application: request.get('Application'),
    data: request.get('Data'),
    callerId: request.get('CallerID'),
    timeoutMs: Number(request.get('Timeout')) > 0 ? Number(request.get('Timeout')) : undefined,
  };
  if (!originateRequest.application && !originateRequest.exten) return session.error(request, 'Exten not specified');
  const async = amiTrue(request.get('Async'));
  const actionId = request.actionId;
  if (async) session.respond(request, 'Success', { Message: 'Originate successfully queued' });
  const cid = originateRequest.callerId ? parseCallerId(originateRequest.callerId) : undefined;
  originateFirstLeg(world, calls, originateRequest, (outcome) => {
    if (!async && !outcome.ok) return session.error(request, 'Originate failed');
    if (!async) session.respond(request, 'Success', { Message: 'Originate successfully queued' });
    if (async) {
      const target: Record<string, string> = originateRequest.application
        ? { Application: originateRequest.application, Data: originateRequest.data ?? '' }
        : { Context: originateRequest.context ?? 'default', Exten: originateRequest.exten ?? '' };
      const leg = outcome.ok ? outcome.channel : undefined;
      world.emit('OriginateResponse', 'call', {
        ...(actionId === undefined ? {} : { ActionID: actionId }),
        Response: outcome.ok ? 'Success' : 'Failure',
        Channel: leg?.name ?? channel,
        ...target,
        Reason: outcome.ok ? '4' : String(outcome.reason),
        Uniqueid: leg?.uniqueid ?? '<unknown>',
        // Asterisk reports the CallerID the request asked for, not the channel's own.
        CallerIDNum: cid?.num || '<unknown>',
        CallerIDName: cid?.name || '<unknown>',
      });
    }
    if (!outcome.ok) return;
    const leg = outcome.channel;
    if (originateRequest.application?.toLowerCase() === 'chanspy') {
      const [target = '', options = ''] = (originateRequest.data ?? '').split(',');
      const spyee = findSpyee(world, target, options);
      if (!spyee) {
        world.hangup(leg, 16);
        return;
      }
      const spy = new SpySession(world, leg, spyee, options);
      calls.track(spy, leg);
      world.spiesOf.set(spyee.name, [...(world.spiesOf.get(spyee.name) ?? []), spy]);
      return;
    }
    if (originateRequest.exten) continueInDialplan(world, calls, leg, originateRequest.exten, world.phoneAnswerDelayMs);
  });
};

const hangup: ActionHandler = (ctx) => {
  const { session, request, world } = ctx;
  const channel = channelArg(ctx);
  if (!request.get('Channel')) return session.error(request, 'No channel specified');
  if (!channel) return session.error(request, 'No such channel');
  session.respond(request, 'Success', { Message: 'Channel Hungup' });
  const owner = ctx.calls.find(channel);
  if (owner) owner.hangupChannel(channel);
  else {
    world.hangupRequest(channel, 16);
    world.hangup(channel, 16);
  }
};

const blindTransferAction: ActionHandler = (ctx) => {
  const { session, request } = ctx;
  if (!request.get('Channel')) return session.error(request, 'No channel specified');
  const exten = request.get('Exten');
  if (!exten) return session.error(request, 'No extension specified');
  const channel = channelArg(ctx);
  if (!channel) return session.error(request, 'Channel specified does not exist');
  const call = dialedCallOf(ctx, channel);
  if (!call || call.phase !== 'talking' || !ctx.world.endpoints.has(exten)) return session.error(request, 'Transfer failed');
  session.respond(request, 'Success', { Message: 'Transfer succeeded' });
  blindTransfer(call, call.sideOf(channel), exten, ctx.calls, false);
};

const redirectAction: ActionHandler = (ctx) => {
  const { session, request } = ctx;
  if (!request.get('Channel')) return session.error(request, 'Channel not specified');
  const exten = request.get('Exten');
  if (!exten) return session.error(request, 'Exten not specified');
  const channel = channelArg(ctx);
  if (!channel) return session.error(request, 'Channel specified does not exist');
  const call = dialedCallOf(ctx, channel);
  if (!call || !ctx.world.endpoints.has(exten)) return session.error(request, 'Redirect failed');
  session.respond(request, 'Success', { Message: 'Redirect successful' });
  redirect(call, channel, exten, ctx.calls);
};

const atxfer: ActionHandler = (ctx) => {
  const { session, request, world } = ctx;
  if (!request.get('Channel')) return session.error(request, 'No channel specified');
  const exten = request.get('Exten');
  if (!exten) return session.error(request, 'No extension specified');
  const channel = channelArg(ctx);
  if (!channel) return session.error(request, 'Channel specified does not exist');
  session.respond(request, 'Success', { Message: 'Atxfer successfully queued' });
  const call = dialedCallOf(ctx, channel);
  if (!call || call.phase !== 'talking' || !world.endpoints.has(exten)) return;
  const transfer = new AttendedTransfer(call, call.sideOf(channel), exten, ctx.calls);
  // The simulated target phone picks up after a while; the transferer completes by hanging up.
  world.clock.schedule(world.phoneAnswerDelayMs, () => transfer.answer());
};

const mixMonitor: ActionHandler = (ctx) => {
  const { session, request, world } = ctx;
  if (!request.get('Channel')) return session.error(request, 'No channel specified');
  const channel = channelArg(ctx);
  if (!channel) return session.error(request, 'No such channel');
  const file = request.get('File') || `${channel.uniqueid}.wav`;
  world.recordings.set(channel.name, file);
  world.varSet(channel, 'MIXMONITOR_FILENAME', file.startsWith('/') ? file : `/var/spool/asterisk/monitor/${file}`);
  world.emit('MixMonitorStart', 'call', channel.snapshot());
  session.respond(request, 'Success');
};

const stopMixMonitor: ActionHandler = (ctx) => {
  const { session, request, world } = ctx;
  if (!request.get('Channel')) return session.error(request, 'No channel specified');
  const channel = channelArg(ctx);
  if (!channel) return session.error(request, 'No such channel');
  if (!world.recordings.delete(channel.name)) return session.error(request, 'Could not stop monitoring channel');
  world.emit('MixMonitorStop', 'call', channel.snapshot());
  session.respond(request, 'Success');
};

/**
 * PlayDTMF (app_senddtmf): with `Receive` the digit is queued as if the phone sent it, so the
 * application on the channel (ChanSpy with `d`) reads it; DTMFBegin/DTMFEnd then say
 * `Direction: Received`, as the phone's own keys do in capture spy-mode-switch.
 */
const playDtmf: ActionHandler = (ctx) => {
  const { session, request, world } = ctx;
  // app_senddtmf looks the channel up by name first: a missing name is just not found.
  const channel = channelArg(ctx);
  if (!channel) return session.error(request, 'Channel not found');
  const digit = request.get('Digit');
  if (!digit) return session.error(request, 'No digit specified');
  const direction = amiTrue(request.get('Receive')) ? 'Received' : 'Sent';
  const duration = Number(request.get('Duration')) > 0 ? request.get('Duration') ?? '100' : '100';
  session.respond(request, 'Success', { Message: 'DTMF successfully queued' });
  world.emit('DTMFBegin', 'dtmf', { ...channel.snapshot(), Digit: digit.charAt(0), Direction: direction });
  world.emit('DTMFEnd', 'dtmf', { ...channel.snapshot(), Digit: digit.charAt(0), DurationMs: duration, Direction: direction });
};

export const callActions: Record<string, ActionHandler> = {
  playdtmf: playDtmf,
  originate,
  hangup,
  blindtransfer: blindTransferAction,
  redirect: redirectAction,
  atxfer,
  mixmonitor: mixMonitor,
  stopmixmonitor: stopMixMonitor,
};
