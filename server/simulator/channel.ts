import type { Fields } from './types';

export type ChannelState = 0 | 4 | 5 | 6;
const STATE_DESC: Record<ChannelState, string> = { 0: 'Down', 4: 'Ring', 5: 'Ringing', 6: 'Up' };

/** One Asterisk channel as the snapshot fields of AMI events describe it. */
export class SimChannel {
  state: ChannelState;
  callerNum: string;
  callerName: string;
  connectedNum = '<unknown>';
  connectedName = '<unknown>';
  context: string;
  exten: string;
  priority = 1;
  /** The device this channel belongs to ("PJSIP/1001"), counted in its device state. */
  readonly device: string | undefined;
  bridgeId: string | undefined;
  /** True while this channel hears music on hold because its peer put it on hold. */
  hearingMoh = false;
  application = '';
  applicationData = '';
  readonly createdAt: number;
  answeredAt: number | undefined;
  /**
   * Start of this channel's open CDR record: Asterisk keeps one chain of records per party A
   * and starts the next one where the previous ended (a transfer, a failed Dial followed by
   * more dialplan), so the records of one channel never overlap.
   */
  cdrStart: number;
  hungUp = false;
  accountCode = '';

  constructor(
    readonly name: string,
    readonly uniqueid: string,
    public linkedid: string,
    init: { state: ChannelState; callerNum: string; callerName: string; context: string; exten: string; device?: string; now: number },
  ) {
    this.callerNum = init.callerNum;
    this.callerName = init.callerName;
    this.state = init.state;
    this.context = init.context;
    this.exten = init.exten;
    this.device = init.device;
    this.createdAt = init.now;
    this.cdrStart = init.now;
  }

  get stateDesc(): string {
    return STATE_DESC[this.state];
  }

  /** The standard channel snapshot, optionally prefixed (Dest, Transferee, Spyer...). */
  snapshot(prefix = ''): Fields {
    return {
      [`${prefix}Channel`]: this.name,
      [`${prefix}ChannelState`]: String(this.state),
      [`${prefix}ChannelStateDesc`]: this.stateDesc,
      [`${prefix}CallerIDNum`]: this.callerNum,
      [`${prefix}CallerIDName`]: this.callerName,
      [`${prefix}ConnectedLineNum`]: this.connectedNum,
      [`${prefix}ConnectedLineName`]: this.connectedName,
      [`${prefix}Language`]: 'en',
      [`${prefix}AccountCode`]: this.accountCode,
      [`${prefix}Context`]: this.context,
      [`${prefix}Exten`]: this.exten,
      [`${prefix}Priority`]: String(this.priority),
      [`${prefix}Uniqueid`]: this.uniqueid,
      [`${prefix}Linkedid`]: this.linkedid,
    };
  }
}

/** A mixing bridge; only basic/simple_bridge is simulated. */
export class SimBridge {
  readonly channels: SimChannel[] = [];

  constructor(readonly uniqueid: string) {}

  fields(): Fields {
    return {
      BridgeUniqueid: this.uniqueid,
      BridgeType: 'basic',
      BridgeTechnology: 'simple_bridge',
      BridgeCreator: '<unknown>',
      BridgeName: '<unknown>',
      BridgeNumChannels: String(this.channels.length),
      BridgeVideoSourceMode: 'none',
    };
  }
}
