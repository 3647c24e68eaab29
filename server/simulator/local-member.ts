import type { SimBridge, SimChannel } from './channel';
import type { QueueMember } from './queue-model';
import type { World } from './world';

/**
 * One queue member being rung. For `PJSIP/<ext>` members `channel` is the phone itself;
 * for FreePBX-style `Local/<ext>@from-queue/n` members `channel` is the Local ;1 half the
 * queue dials, `local` is the ;2 half that runs Dial(PJSIP/<ext>) and `phone` is the phone.
 */
export interface Attempt {
  member: QueueMember;
  channel: SimChannel;
  phone: SimChannel;
  local?: SimChannel;
  /** Bridge joining ;2 and the phone once answered (the `/n` Local stays up). */
  localBridge?: SimBridge;
}

const LOCAL_MEMBER = /^Local\/([^@]+)@([^/]+)(\/n)?$/i;

/** Creates the Local pair for a member, up to LocalBridge (queue-member-ops capture). */
export function createLocalAttempt(world: World, caller: SimChannel, member: QueueMember): { one: SimChannel; two: SimChannel; ext: string } | undefined {
  const match = LOCAL_MEMBER.exec(member.interface);
  const ext = match?.[1];
  const context = match?.[2];
  if (!ext || !context || !world.endpoints.has(ext)) return undefined;
  const [one, two] = world.createLocalPair(`Local/${ext}@${context}`, context, ext, caller.linkedid);
  one.callerNum = caller.exten;
  world.emit('NewCallerid', 'call', { ...one.snapshot(), 'CID-CallingPres': '0 (Presentation Allowed, Not Screened)' });
  two.callerNum = caller.callerNum;
  two.callerName = caller.callerName;
  two.connectedNum = caller.exten;
  world.emit('NewCallerid', 'call', { ...two.snapshot(), 'CID-CallingPres': '0 (Presentation Allowed, Not Screened)' });
  world.emit('NewConnectedLine', 'call', two.snapshot());
  world.emit('LocalBridge', 'call', { ...one.snapshot('LocalOne'), ...two.snapshot('LocalTwo'), Context: context, Exten: ext, LocalOptimization: 'No' });
  return { one, two, ext };
}

/** The ;2 half dials the phone. */
export function dialPhoneFromLocal(world: World, caller: SimChannel, two: SimChannel, ext: string): SimChannel {
  const endpoint = world.endpoints.get(ext);
  const phone = world.createChannel({ endpoint: ext, state: 0, callerNum: ext, callerName: endpoint?.callerName ?? ext, context: 'from-internal', exten: 's', linkedid: caller.linkedid });
  phone.exten = ext;
  world.setConnected(phone, caller.callerNum, caller.callerName);
  world.dialEvent('DialBegin', two, phone, { DialString: ext });
  // from-queue runs Dial(PJSIP/${EXTEN},,) on the ;2 half; the phone leg runs AppDial.
  two.application = 'Dial';
  two.applicationData = `PJSIP/${ext},,`;
  phone.application = 'AppDial';
  phone.applicationData = '(Outgoing Line)';
  world.setConnected(two, phone.callerNum, phone.callerName);
  return phone;
}

/** The phone rings: ;1 reports Ringing with the phone's identity, then the phone itself. */
export function ringLocal(world: World, caller: SimChannel, attempt: Attempt): void {
  const { channel: one, phone } = attempt;
  one.callerNum = phone.callerNum;
  one.callerName = phone.callerName;
  one.connectedNum = caller.callerNum;
  one.connectedName = caller.callerName;
  one.exten = caller.exten;
  world.setState(one, 5);
  world.emit('NewCallerid', 'call', { ...one.snapshot(), 'CID-CallingPres': '0 (Presentation Allowed, Not Screened)' });
  world.emit('NewConnectedLine', 'call', one.snapshot());
}

/** The phone answers a Local member: phone Up, ;2's Dial ends, ;1 Up. */
export function answerLocal(world: World, attempt: Attempt): void {
  const { local: two, phone, channel: one } = attempt;
  if (!two) return;
  world.setState(phone, 6);
  world.dialEvent('DialEnd', two, phone, { DialStatus: 'ANSWER' });
  world.setState(one, 6);
}

/** After the queue's DialEnd events: ;2 Up and bridged with the phone. */
export function bridgeLocal(world: World, attempt: Attempt): void {
  const { local: two, phone } = attempt;
  if (!two) return;
  world.setState(two, 6);
  attempt.localBridge = world.createBridge();
  world.enterBridge(attempt.localBridge, phone);
}

/** A Local attempt that lost or was cancelled: the whole chain goes away. */
export function dropLocal(world: World, attempt: Attempt, cause: number): void {
  const { local: two, phone, channel: one } = attempt;
  if (two && !phone.hungUp) world.dialEvent('DialEnd', two, phone, { DialStatus: 'CANCEL' });
  world.hangup(phone, cause);
  if (two) world.hangup(two, cause);
  world.hangup(one, cause);
}

/** Tears down a connected Local member after the call (agent or caller hung up). */
export function hangupLocalChain(world: World, attempt: Attempt, agentFirst: boolean): void {
  const { local: two, phone, localBridge } = attempt;
  if (!two || !localBridge) return;
  if (agentFirst) {
    world.hangupRequest(phone, 16);
    world.leaveBridge(localBridge, phone);
    world.leaveBridge(localBridge, two);
    world.destroyBridge(localBridge);
    world.hangup(phone, 16);
    world.hangupRequest(two, 16, { soft: true });
    return;
  }
  world.leaveBridge(localBridge, two);
  world.leaveBridge(localBridge, phone);
  world.destroyBridge(localBridge);
  world.hangupRequest(phone, 16, { soft: true });
}
