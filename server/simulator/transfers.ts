import type { SimChannel } from './channel';
import type { CallRegistry } from './call-registry';
import { DialedCall } from './internal-call';
import type { Side } from './internal-call';
import type { World } from './world';

/**
 * SIP REFER blind transfer by `side` (blind-transfer capture): the transferer's phone sends
 * Unhold first, leaves the bridge, BlindTransfer, its channel hangs up, the transferee is
 * left alone and then dials the target from the dialplan.
 */
export function blindTransfer(call: DialedCall, side: Side, target: string, calls?: CallRegistry, viaRefer = true): DialedCall {
  const world = call.world;
  if (call.phase !== 'talking' || !call.bridge) throw new Error('only a connected call can be transferred');
  if (!world.endpoints.has(target)) throw new Error(`no endpoint ${target}`);
  const [transferer, transferee] = call.pair(side);
  const bridge = call.bridge;
  if (viaRefer) world.emit('Unhold', 'call', transferer.snapshot());
  // The BlindTransfer event describes the bridge as it was when the transfer started.
  const bridgeBefore = bridge.fields();
  world.leaveBridge(bridge, transferer);
  world.emit('BlindTransfer', 'call', {
    Result: 'Success',
    ...transferer.snapshot('Transferer'),
    ...transferee.snapshot('Transferee'),
    ...bridgeBefore,
    IsExternal: viaRefer ? 'Yes' : 'No',
    Context: 'from-internal',
    Extension: target,
  });
  world.hangup(transferer, 16);
  world.leaveBridge(bridge, transferee);
  world.destroyBridge(bridge);
  call.end('ANSWERED');
  return redial(world, transferee, target, calls);
}

/** Sends a channel that is alone again into Dial() of `target`. */
export function redial(world: World, channel: SimChannel, target: string, calls?: CallRegistry): DialedCall {
  channel.context = 'from-internal';
  channel.exten = target;
  const next = DialedCall.start(world, channel, target);
  calls?.track(next, channel, next.callee);
  return next;
}

/**
 * AMI Redirect of one leg of a connected call: the redirected channel leaves, its peer's
 * Dial() returns and hangs up, and the channel runs the new extension.
 */
export function redirect(call: DialedCall, channel: SimChannel, target: string, calls?: CallRegistry): DialedCall {
  const world = call.world;
  const peer = channel === call.caller ? call.callee : call.caller;
  const bridge = call.bridge;
  if (bridge) {
    world.leaveBridge(bridge, channel);
    world.leaveBridge(bridge, peer);
    world.destroyBridge(bridge);
  }
  world.hangupRequest(peer, 16, { soft: true });
  world.hangup(peer, 16);
  call.end('ANSWERED');
  return redial(world, channel, target, calls);
}
