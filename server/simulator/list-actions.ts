import type { ActionHandler } from './action-context';
import { sendList } from './action-context';
import { extensionStatus } from './device-states';
import { memberFields } from './queue-model';
import type { DeviceState, Fields } from './types';

/** The QueueMember list item is the member status with Name/Location and no Ringinuse. */
function queueMemberListItem(status: Fields): Fields {
  const renamed: Record<string, string | undefined> = { MemberName: 'Name', Interface: 'Location', Ringinuse: undefined };
  const out: Fields = {};
  for (const [key, value] of Object.entries(status)) {
    const name = key in renamed ? renamed[key] : key;
    if (name) out[name] = value;
  }
  return out;
}

function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [h, m, s].map((n) => String(n).padStart(2, '0')).join(':');
}

const coreShowChannels: ActionHandler = (ctx) => {
  const now = ctx.world.clock.now();
  const items = [...ctx.world.channels.values()].map((c) => ({
    event: 'CoreShowChannel',
    fields: {
      ...c.snapshot(),
      Application: c.application,
      ApplicationData: c.applicationData,
      Duration: duration(Math.floor((now - c.createdAt) / 1000)),
      BridgeId: c.bridgeId ?? '',
    },
  }));
  sendList(ctx, 'Channels will follow', items, 'CoreShowChannelsComplete');
};

/**
 * Status (optionally for one Channel): per channel its snapshot plus what it runs now
 * (Application/Data) and its bridge, as manager.c's action_status writes them.
 */
const status: ActionHandler = (ctx) => {
  const only = ctx.request.get('Channel');
  const now = ctx.world.clock.now();
  const items = [...ctx.world.channels.values()]
    .filter((c) => !only || c.name === only)
    .map((c) => ({
      event: 'Status',
      actionIdLast: false,
      fields: {
        ...c.snapshot(),
        Type: c.name.split('/')[0] ?? '',
        DNID: '',
        EffectiveConnectedLineNum: c.connectedNum,
        EffectiveConnectedLineName: c.connectedName,
        TimeToHangup: '0',
        BridgeID: c.bridgeId ?? '',
        Application: c.application,
        Data: c.applicationData,
        Nativeformats: '(ulaw)',
        Readformat: 'ulaw',
        Readtrans: '',
        Writeformat: 'ulaw',
        Writetrans: '',
        Callgroup: '0',
        Pickupgroup: '0',
        Seconds: String(Math.floor((now - c.createdAt) / 1000)),
      },
    }));
  sendList(ctx, 'Channel status will follow', items, 'StatusComplete');
};

const queueStatus: ActionHandler = (ctx) => {
  const { world, request } = ctx;
  const only = request.get('Queue');
  const memberFilter = request.get('Member');
  const nowS = world.nowSeconds();
  const items: Array<{ event: string; fields: Fields; actionIdLast: boolean }> = [];
  for (const queue of world.queues.values()) {
    if (only && queue.name !== only) continue;
    items.push({
      event: 'QueueParams',
      actionIdLast: true,
      fields: queue.paramsFields(),
    });
    for (const m of queue.members) {
      if (memberFilter && m.interface !== memberFilter && m.name !== memberFilter) continue;
      items.push({ event: 'QueueMember', actionIdLast: true, fields: queueMemberListItem(memberFields(queue, m)) });
    }
    queue.callers.forEach((caller, index) => {
      items.push({
        event: 'QueueEntry',
        actionIdLast: true,
        fields: {
          Queue: queue.name,
          Position: String(index + 1),
          Channel: caller.channel.name,
          Uniqueid: caller.channel.uniqueid,
          CallerIDNum: caller.channel.callerNum,
          CallerIDName: caller.channel.callerName,
          ConnectedLineNum: 'unknown',
          ConnectedLineName: 'unknown',
          Wait: String(nowS - Math.floor(caller.joinedAt / 1000)),
          Priority: String(caller.priority),
        },
      });
    });
  }
  sendList(ctx, 'Queue status will follow', items, 'QueueStatusComplete');
};

const queueSummary: ActionHandler = (ctx) => {
  const { world, request } = ctx;
  const only = request.get('Queue');
  const now = world.clock.now();
  const items = [...world.queues.values()]
    .filter((q) => !only || q.name === only)
    .map((queue) => ({
      event: 'QueueSummary',
      actionIdLast: true,
      fields: {
        Queue: queue.name,
        LoggedIn: String(queue.members.filter((m) => m.status !== 'UNAVAILABLE' && m.status !== 'INVALID').length),
        Available: String(queue.availableMembers().length),
        Callers: String(queue.callers.length),
        HoldTime: String(queue.holdtime),
        TalkTime: String(queue.talktime),
        LongestHoldTime: String(queue.callers.reduce((max, c) => Math.max(max, Math.floor((now - c.joinedAt) / 1000)), 0)),
      },
    }));
  sendList(ctx, 'Queue summary will follow', items, 'QueueSummaryComplete');
};

const deviceStateList: ActionHandler = (ctx) => {
  const items = [...ctx.world.devices.all()].map(([device, state]) => ({ event: 'DeviceStateChange', fields: { Device: device, State: state } }));
  sendList(ctx, 'Device State Changes will follow', items, 'DeviceStateListComplete');
};

const extensionStateList: ActionHandler = (ctx) => {
  const items = [...ctx.world.endpoints.values()]
    .filter((e) => !e.webrtc)
    .map((e) => {
      const hint = `PJSIP/${e.id}`;
      const [status, text] = extensionStatus(ctx.world.devices.get(hint));
      return { event: 'ExtensionStatus', fields: { Exten: e.id, Context: 'from-internal', Hint: hint, Status: String(status), StatusText: text } };
    });
  sendList(ctx, 'Extension Statuses will follow', items, 'ExtensionStateListComplete');
};

/** How Asterisk spells each device state in text output (PJSIPShowEndpoints, `queue show`). */
export const DEVICE_STATE_TEXT: Record<DeviceState, string> = {
  NOT_INUSE: 'Not in use',
  INUSE: 'In use',
  BUSY: 'Busy',
  INVALID: 'Invalid',
  UNAVAILABLE: 'Unavailable',
  RINGING: 'Ringing',
  RINGINUSE: 'Ring+Inuse',
  ONHOLD: 'On Hold',
  UNKNOWN: 'Unknown',
};

const pjsipShowEndpoints: ActionHandler = (ctx) => {
  const { world } = ctx;
  const items = [...world.endpoints.values()].map((e) => ({
    event: 'EndpointList',
    fields: {
      ObjectType: 'endpoint',
      ObjectName: e.id,
      Transport: e.webrtc ? 'transport-ws' : e.transport,
      Aor: e.id,
      Auths: `${e.id}-auth`,
      OutboundAuths: '',
      Contacts: e.registered && e.contactUri ? `${e.id}/${e.contactUri},` : '',
      DeviceState: DEVICE_STATE_TEXT[world.devices.get(`PJSIP/${e.id}`)] ?? 'Unknown',
      ActiveChannels: String(world.channelsOf(`PJSIP/${e.id}`).length),
    },
  }));
  sendList(ctx, 'A listing of Endpoints follows, presented as EndpointList events', items, 'EndpointListComplete');
};

export const listActions: Record<string, ActionHandler> = {
  coreshowchannels: coreShowChannels,
  status,
  queuestatus: queueStatus,
  queuesummary: queueSummary,
  devicestatelist: deviceStateList,
  extensionstatelist: extensionStateList,
  pjsipshowendpoints: pjsipShowEndpoints,
};
