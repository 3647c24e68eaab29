import type { SimChannel } from './channel';
import type { World } from './world';

/**
 * The VarSet (class dialplan) traffic Dial() and bridging produce, as in the basic-answer
 * captures. Not compared by the fidelity tests, but it is the bulk of a real AMI stream,
 * so clients and benchmarks see realistic volume.
 */
const DIAL_RESET = ['DIALSTATUS', 'DIALEDPEERNUMBER', 'DIALEDPEERNAME', 'ANSWEREDTIME', 'ANSWEREDTIME_MS', 'DIALEDTIME', 'DIALEDTIME_MS', 'RINGTIME', 'RINGTIME_MS', 'PROGRESSTIME', 'PROGRESSTIME_MS'];

export function dialStarted(world: World, caller: SimChannel): void {
  for (const name of DIAL_RESET) world.varSet(caller, name, '');
}

export function dialRinging(world: World, caller: SimChannel): void {
  const ms = world.clock.now() - caller.createdAt;
  world.varSet(caller, 'RINGTIME', String(Math.floor(ms / 1000)));
  world.varSet(caller, 'RINGTIME_MS', String(ms));
}

export function dialAnswered(world: World, caller: SimChannel, callee: SimChannel, dialString: string): void {
  world.varSet(caller, 'DIALSTATUS', 'ANSWER');
  world.varSet(caller, 'DIALEDPEERNAME', callee.name);
  world.varSet(caller, 'DIALEDPEERNUMBER', dialString);
}

export function bridged(world: World, a: SimChannel, b: SimChannel): void {
  world.varSet(b, 'BRIDGEPEER', a.name);
  world.varSet(b, 'BRIDGEPVTCALLID', b.uniqueid);
  world.varSet(a, 'BRIDGEPEER', b.name);
  world.varSet(a, 'BRIDGEPVTCALLID', a.uniqueid);
}

const QOS = {
  RTPAUDIOQOS: 'ssrc=86626782;themssrc=4023037864;lp=0;rxjitter=0.000125;rxcount=250;txjitter=0.000000;txcount=250;rlp=0;rtt=0.000000;rxmes=88.1;txmes=88.1',
  RTPAUDIOQOSJITTER: 'minrxjitter=000.000125;maxrxjitter=000.000250;avgrxjitter=000.000187;stdevrxjitter=000.000062;',
  RTPAUDIOQOSLOSS: '  minrxlost=000.000000;  maxrxlost=000.000000;  avgrxlost=000.000000;stdevrxlost=000.000000;',
  RTPAUDIOQOSRTT: '     minrtt=000.000000;     maxrtt=000.000000;     avgrtt=000.000000;    stdevrtt=000.000000;',
  RTPAUDIOQOSMES: '   minrxmes=088.100000;   maxrxmes=088.100000;   avgrxmes=088.100000;  stdevrxmes=000.000000;',
};

/** Call quality variables and cleared bridge peers when a bridged call is torn down. */
export function unbridged(world: World, leaving: SimChannel, peer: SimChannel): void {
  for (const [name, value] of Object.entries(QOS)) {
    world.varSet(leaving, name, value);
    world.varSet(peer, `${name}BRIDGED`, value);
  }
  for (const channel of [leaving, peer]) {
    world.varSet(channel, 'BRIDGEPEER', '');
    world.varSet(channel, 'BRIDGEPVTCALLID', '');
  }
}

export function dialEnded(world: World, caller: SimChannel, status: string): void {
  const now = world.clock.now();
  if (caller.answeredAt !== undefined) {
    world.varSet(caller, 'ANSWEREDTIME', String(Math.floor((now - caller.answeredAt) / 1000)));
    world.varSet(caller, 'ANSWEREDTIME_MS', String(now - caller.answeredAt));
  }
  world.varSet(caller, 'DIALEDTIME', String(Math.floor((now - caller.createdAt) / 1000)));
  world.varSet(caller, 'DIALEDTIME_MS', String(now - caller.createdAt));
  world.varSet(caller, 'DIALSTATUS', status);
}
