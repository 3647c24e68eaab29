import type { ActiveCall, CallRegistry } from './call-registry';
import type { SimBridge, SimChannel } from './channel';
import { emitCdr } from './cdr-records';
import { DialedCall } from './internal-call';
import type { Side } from './internal-call';
import type { Fields } from './types';

const CALLING_PRES = { 'CID-CallingPres': '0 (Presentation Allowed, Not Screened)' };

function prefixed(prefix: string, fields: Fields): Fields {
  const out: Fields = {};
  for (const [key, value] of Object.entries(fields)) out[`${prefix}${key}`] = value;
  return out;
}

/**
 * Attended transfer as AMI Atxfer / the *2 feature runs it (attended-transfer capture):
 * the transferer holds the transferee and consults the target through a
 * `Local/<target>@from-internal` pair; when the transferer hangs up the bridges merge,
 * the Local pair optimises itself away and the transferee talks to the target.
 */
export class AttendedTransfer implements ActiveCall {
  readonly transferer: SimChannel;
  readonly transferee: SimChannel;
  readonly one: SimChannel;
  readonly two: SimChannel;
  readonly phone: SimChannel;
  private readonly consultBridge: SimBridge;
  private targetBridge: SimBridge | undefined;
  state: 'ringing' | 'consulting' | 'done' = 'ringing';
  /** The transferee-target call once the transfer completed. */
  result: DialedCall | undefined;
  /** When the consultation began: the original call's record ends here. */
  private readonly startedAt: number;

  constructor(
    readonly original: DialedCall,
    side: Side,
    readonly target: string,
    private readonly calls?: CallRegistry,
  ) {
    const world = original.world;
    const endpoint = world.endpoints.get(target);
    if (!endpoint) throw new Error(`no endpoint ${target}`);
    if (!original.bridge) throw new Error('only a connected call can be transferred');
    [this.transferer, this.transferee] = original.pair(side);
    const { transferer, transferee } = this;
    this.startedAt = world.clock.now();
    // The transferer leaves the original bridge: the original record (caller -> callee) ends.
    emitCdr(world, original, 'ANSWERED');
    world.emit('Hold', 'call', transferer.snapshot());
    transferee.hearingMoh = true;
    world.emit('MusicOnHoldStart', 'call', { ...transferee.snapshot(), Class: 'default' });
    world.refreshDevice(transferee);

    const [one, two] = world.createLocalPair(`Local/${target}@from-internal`, 'from-internal', target, transferer.linkedid);
    this.one = one;
    this.two = two;
    this.consultBridge = world.createBridge();
    two.callerNum = transferer.callerNum;
    two.callerName = transferer.callerName;
    world.emit('NewCallerid', 'call', { ...two.snapshot(), ...CALLING_PRES });
    world.emit('LocalBridge', 'call', { ...one.snapshot('LocalOne'), ...two.snapshot('LocalTwo'), Context: 'from-internal', Exten: target, LocalOptimization: 'Yes' });
    world.setConnected(one, transferer.callerNum, transferer.callerName);
    world.enterBridge(this.consultBridge, one);
    world.leaveBridge(original.bridge, transferer);
    world.enterBridge(this.consultBridge, transferer);
    world.setConnected(transferer, '<unknown>', '<unknown>');

    const phone = world.createChannel({ endpoint: target, state: 0, callerNum: target, callerName: endpoint.callerName, context: 'from-internal', exten: 's', linkedid: transferer.linkedid });
    this.phone = phone;
    phone.exten = target;
    world.setConnected(phone, transferer.callerNum, transferer.callerName);
    world.dialEvent('DialBegin', two, phone, { DialString: target });
    world.setConnected(two, phone.callerNum, phone.callerName);
    world.setConnected(transferer, phone.callerNum, phone.callerName);
    world.setState(phone, 5);
    one.callerNum = phone.callerNum;
    one.callerName = phone.callerName;
    world.setState(one, 5);
    world.emit('NewCallerid', 'call', { ...one.snapshot(), ...CALLING_PRES });
    world.dialEvent('DialState', undefined, one, { DialStatus: 'RINGING' });
    world.dialEvent('DialState', two, phone, { DialStatus: 'RINGING' });
    this.calls?.track(this, transferer, phone);
  }

  /** The target picks up: the consultation call is connected. */
  answer(): this {
    if (this.state !== 'ringing') return this;
    const world = this.original.world;
    const { one, two, phone } = this;
    world.setState(phone, 6);
    world.dialEvent('DialEnd', two, phone, { DialStatus: 'ANSWER' });
    world.setState(two, 6);
    this.targetBridge = world.createBridge();
    world.enterBridge(this.targetBridge, phone);
    world.setState(one, 6);
    world.dialEvent('DialEnd', undefined, one, { DialStatus: 'ANSWER' });
    world.enterBridge(this.targetBridge, two);
    this.state = 'consulting';
    return this;
  }

  /** The transferer hangs up: transferee and target are joined. */
  complete(): DialedCall {
    if (this.state === 'ringing') this.answer();
    const world = this.original.world;
    const { transferer, transferee, one, two, phone, consultBridge } = this;
    const origBridge = this.original.bridge;
    const targetBridge = this.targetBridge;
    if (!origBridge || !targetBridge || this.state !== 'consulting') throw new Error('the transfer is not in progress');
    world.hangupRequest(transferer, 16);
    world.leaveBridge(consultBridge, transferer);
    world.emit('BridgeMerge', 'call', { ...prefixed('To', origBridge.fields()), ...prefixed('From', consultBridge.fields()) });
    world.leaveBridge(consultBridge, one);
    world.enterBridge(origBridge, one);
    transferee.hearingMoh = false;
    world.emit('MusicOnHoldStop', 'call', transferee.snapshot());
    world.refreshDevice(transferee);
    world.emit('AttendedTransfer', 'call', {
      Result: 'Success',
      ...transferer.snapshot('OrigTransferer'),
      ...prefixed('Orig', origBridge.fields()),
      ...transferer.snapshot('SecondTransferer'),
      ...prefixed('Second', consultBridge.fields()),
      ...transferee.snapshot('Transferee'),
      ...one.snapshot('TransferTarget'),
      IsExternal: 'No',
      DestType: 'Bridge',
      DestBridgeUniqueid: origBridge.uniqueid,
    });
    world.setConnected(one, transferee.callerNum, transferee.callerName);
    world.setConnected(transferee, phone.callerNum, phone.callerName);
    world.setConnected(phone, transferee.callerNum, transferee.callerName);
    world.destroyBridge(consultBridge);
    world.hangup(transferer, 16);
    // Its record was written when the consultation began.
    this.original.phase = 'ended';

    // The Local pair optimises itself out: the transferee swaps into the target's bridge.
    two.callerNum = transferee.callerNum;
    two.callerName = transferee.callerName;
    world.emit('NewCallerid', 'call', { ...two.snapshot(), ...CALLING_PRES });
    world.emit('LocalOptimizationBegin', 'call', { ...one.snapshot('LocalOne'), ...two.snapshot('LocalTwo'), ...transferee.snapshot('Source'), DestUniqueId: one.uniqueid, Id: '1' });
    world.leaveBridge(origBridge, transferee);
    world.leaveBridge(targetBridge, two);
    world.enterBridge(targetBridge, transferee, { SwapUniqueid: two.uniqueid });
    world.emit('LocalOptimizationEnd', 'call', { ...one.snapshot('LocalOne'), ...two.snapshot('LocalTwo'), Success: 'No', Id: '1' });
    world.leaveBridge(origBridge, one);
    world.destroyBridge(origBridge);
    world.hangupRequest(two, 16, { soft: true });
    world.hangupRequest(one, 16);
    world.hangup(two, 16);
    world.hangup(one, 16);

    this.recordConsultation(phone.answeredAt === undefined ? 'NO ANSWER' : 'ANSWERED');
    // The Local ;1 half's own record, empty and instant, written as it leaves (capture row 3).
    emitCdr(world, { caller: one, callee: undefined, dialString: one.exten, lastApp: '', lastData: '', start: world.clock.now() }, 'ANSWERED');
    // The transferee's record towards ;1 runs from the consultation's start; its next one,
    // towards the target, still names the original Dial (dst and lastdata), as Asterisk keeps them.
    transferee.cdrStart = this.startedAt;
    emitCdr(world, { caller: transferee, callee: one, dialString: this.original.dialString }, 'ANSWERED');
    const joined = new DialedCall(world, transferee, phone, this.original.dialString);
    joined.phase = 'talking';
    joined.bridge = targetBridge;
    this.calls?.track(joined, transferee, phone);
    this.state = 'done';
    this.result = joined;
    return joined;
  }

  /**
   * The consultation's records (attended-transfer capture): the transferer towards the Local
   * ;1 half (AppDial for a dialed transferer, whose extension is empty by then) and the ;2
   * half's Dial of the target, whose caller id is by now the one it last carried.
   */
  private recordConsultation(targetDisposition: string): void {
    const world = this.original.world;
    const { transferer, one, two, phone } = this;
    const dialed = transferer === this.original.callee;
    emitCdr(world, {
      caller: transferer,
      callee: one,
      dialString: dialed ? '' : this.original.dialString,
      lastApp: dialed ? 'AppDial' : 'Dial',
      lastData: dialed ? '(Outgoing Line)' : `PJSIP/${this.original.dialString},8,tT`,
      start: this.startedAt,
    }, 'ANSWERED');
    emitCdr(world, { caller: two, callee: phone, dialString: this.target }, targetDisposition);
  }

  hangupChannel(channel: SimChannel): void {
    if (this.state === 'done') return;
    if (channel === this.transferer) {
      this.complete();
      return;
    }
    this.abort();
  }

  /** The target does not take it (hangs up or rejects): the transferer is back with the transferee. */
  abort(): void {
    const world = this.original.world;
    const { transferer, transferee, one, two, phone, consultBridge } = this;
    const targetBridge = this.targetBridge;
    if (targetBridge) {
      world.leaveBridge(targetBridge, phone);
      world.leaveBridge(targetBridge, two);
      world.destroyBridge(targetBridge);
    } else world.dialEvent('DialEnd', two, phone, { DialStatus: 'BUSY' });
    world.hangup(phone, 16);
    world.hangup(two, 16);
    this.recordConsultation(targetBridge ? 'ANSWERED' : 'NO ANSWER');
    world.leaveBridge(consultBridge, one);
    world.hangup(one, 16);
    world.leaveBridge(consultBridge, transferer);
    world.destroyBridge(consultBridge);
    if (this.original.bridge) world.enterBridge(this.original.bridge, transferer);
    world.emit('Unhold', 'call', transferer.snapshot());
    transferee.hearingMoh = false;
    world.emit('MusicOnHoldStop', 'call', transferee.snapshot());
    world.refreshDevice(transferee);
    this.calls?.track(this.original, transferer, transferee);
    this.state = 'done';
  }
}
