import type { AgiResult } from './agi-client';
import { runAgiCall } from './agi-call';
import type { AgiCallOptions } from './agi-call';
import type { CallRegistry } from './call-registry';
import type { SimChannel } from './channel';
import { DialedCall, placeCall, placeOutboundCall } from './internal-call';
import type { Side } from './internal-call';
import { ApplicationCall } from './application-call';
import { QueueCall, type QueueCallOptions } from './queue-call';
import { emitRtcpPair } from './rtcp';
import { AttendedTransfer } from './attended-transfer';
import { blindTransfer } from './transfers';
import type { World } from './world';

/**
 * Scenario drivers in the words of the people involved: "1001 calls 1002", "1002 answers",
 * "1001 holds". Each returns handles whose methods produce Asterisk's event sequences.
 */
export class SimulatorScenarios {
  constructor(
    readonly world: World,
    readonly calls: CallRegistry,
  ) {}

  /** An internal call `from` -> `to`, ringing. */
  call(from: string, to: string): DialedCall {
    const call = placeCall(this.world, from, to);
    this.calls.track(call, call.caller, call.callee);
    return call;
  }

  /** A phone dials an application: `*97` its voicemail, `*<ext>` leaves a message, `600` playback + echo. */
  application(from: string, exten: string): ApplicationCall {
    const call = ApplicationCall.start(this.world, from, exten);
    this.calls.track(call, call.caller);
    return call;
  }

  /** A call from an extension (or an outside number on a trunk) into a ringall queue. */
  queueCall(from: string, queue: string, options: QueueCallOptions = {}): QueueCall {
    const call = QueueCall.start(this.world, from, queue, options);
    this.calls.track(call, call.caller, ...call.attempts.map((a) => a.phone));
    return call;
  }

  /** Inbound trunk call (DID) straight to an extension. */
  inbound(fromNumber: string, to: string, trunk = 'trunk'): DialedCall {
    const world = this.world;
    const caller = world.createChannel({ prefix: `PJSIP/${trunk}`, state: 4, callerNum: fromNumber, callerName: fromNumber, context: 'from-trunk', exten: to });
    world.newexten(caller, 1, 'NoOp', `Inbound call ${fromNumber} -> ${to}`);
    return this.trackDial(caller, to);
  }

  /** An extension dials an outside number out through a trunk. */
  outbound(from: string, number: string, trunk = 'trunk'): DialedCall {
    const call = placeOutboundCall(this.world, from, number, trunk);
    this.calls.track(call, call.caller, call.callee);
    return call;
  }

  blindTransfer(call: DialedCall, side: Side, target: string): DialedCall {
    return blindTransfer(call, side, target, this.calls);
  }

  attendedTransfer(call: DialedCall, side: Side, target: string): AttendedTransfer {
    return new AttendedTransfer(call, side, target, this.calls);
  }

  /** A phone hangs up whatever channel this is (BYE), through the call that owns it. */
  hangupChannel(name: string): void {
    const channel = this.world.findChannel(name);
    if (!channel) throw new Error(`no channel ${name}`);
    const owner = this.calls.find(channel);
    if (owner) owner.hangupChannel(channel);
    else {
      this.world.hangupRequest(channel, 16);
      this.world.hangup(channel, 16);
    }
  }

  /** `from` dials the FastAGI extension; resolves when the AGI server closes the session. */
  agiCall(from: string, options: AgiCallOptions): Promise<AgiResult> {
    return runAgiCall(this.world, from, options);
  }

  /** The phone unregisters (exit) or registers again. */
  setRegistered(ext: string, registered: boolean): void {
    const world = this.world;
    const endpoint = world.endpoints.get(ext);
    if (!endpoint || endpoint.registered === registered) return;
    const uri = endpoint.contactUri || `sip:${ext}@127.0.0.1`;
    endpoint.registered = registered;
    endpoint.contactUri = uri;
    const device = `PJSIP/${ext}`;
    if (!registered) {
      world.emit('PeerStatus', 'system', { ChannelType: 'PJSIP', Peer: device, PeerStatus: 'Unreachable' });
      world.devices.refresh(device);
      world.emit('ContactStatus', 'system', { URI: uri, ContactStatus: 'Removed', AOR: ext, EndpointName: ext, RoundtripUsec: '0' });
      return;
    }
    world.emit('ContactStatus', 'system', { URI: uri, ContactStatus: 'NonQualified', AOR: ext, EndpointName: ext, RoundtripUsec: '0' });
    world.emit('PeerStatus', 'system', { ChannelType: 'PJSIP', Peer: device, PeerStatus: 'Reachable' });
    world.devices.refresh(device);
    world.emit('ContactStatus', 'system', { URI: uri, ContactStatus: 'Reachable', AOR: ext, EndpointName: ext, RoundtripUsec: '656' });
  }

  /** One RTCP report pair for a leg (the simulator also sends them every 5 s on its own). */
  rtcp(channel: SimChannel, quality: { jitter?: number; lost?: number } = {}): void {
    emitRtcpPair(this.world, channel, quality);
  }

  private trackDial(caller: SimChannel, to: string): DialedCall {
    const call = DialedCall.start(this.world, caller, to);
    this.calls.track(call, call.caller, call.callee);
    return call;
  }
}
