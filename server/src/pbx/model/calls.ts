/**
 * Builds the CallView of one Linkedid from its live legs: real parties (Local halves
 * folded away), relations, state, direction, queue and supervision.
 */
import type { CallApplication, CallParty, CallRelation, CallState, CallView, SpyMode, SpyView } from '@ondeck/shared';
import { applicationOf } from './applications';
import type { ChannelRecord, ChannelTable } from './channels';
import type { ChannelGraph } from './relations';
import { isLocal, oldestFirst, relationsOf } from './relations';

/** FreePBX contexts that inbound trunk calls start in. */
const TRUNK_CONTEXT = /^(from-trunk|from-pstn|from-did|ext-did)/i;

export interface CallContext {
  table: ChannelTable;
  graph: ChannelGraph;
  isKnownExtension: (endpoint: string) => boolean;
  queueOfCaller: (uniqueid: string) => string | undefined;
  /** Directory name of an extension (FreePBX users table), preferred over caller-id text. */
  nameOfExtension?: (extension: string) => string | undefined;
}

/** Extension behind a channel, or undefined for trunks and applications. */
export function extensionOf(channel: ChannelRecord, isKnown: (endpoint: string) => boolean): string | undefined {
  const parsed = channel.parsed;
  if (!parsed || isLocal(channel)) return undefined;
  if (!/^(pjsip|sip|iax2)$/i.test(parsed.tech)) return undefined;
  if (channel.context !== undefined && TRUNK_CONTEXT.test(channel.context)) return undefined;
  return isKnown(parsed.resource) ? parsed.resource : undefined;
}

export function partyOf(
  channel: ChannelRecord,
  isKnown: (endpoint: string) => boolean,
  nameOfExtension?: (extension: string) => string | undefined,
): CallParty {
  const extension = extensionOf(channel, isKnown);
  const party: CallParty = {
    number: extension ?? channel.callerNum ?? channel.exten ?? channel.parsed?.resource ?? channel.name,
    external: extension === undefined,
    channel: channel.name,
  };
  if (extension !== undefined) party.extension = extension;
  const name = (extension === undefined ? undefined : nameOfExtension?.(extension)) ?? channel.callerName;
  if (name !== undefined) party.name = name;
  return party;
}

export function spyModeOf(options: string | undefined): SpyMode {
  if (options === undefined) return 'listen';
  if (options.includes('B')) return 'barge';
  if (/[wW]/.test(options)) return 'whisper';
  return 'listen';
}

function spyView(spyer: ChannelRecord, target: ChannelRecord, isKnown: (e: string) => boolean): SpyView {
  const view: SpyView = {
    spy: partyOf(spyer, isKnown).number,
    spyChannel: spyer.name,
    target: partyOf(target, isKnown).number,
    targetChannel: target.name,
    mode: spyModeOf(spyer.spy?.options),
  };
  if (spyer.spy?.options !== undefined) view.options = spyer.spy.options;
  return view;
}

function callState(relations: readonly CallRelation[], queued: boolean, transferring: boolean, first: ChannelRecord): CallState {
  if (transferring) return 'transferring';
  // A supervisor's ChanSpy leg relates to nobody in its own call: its channel state says it all.
  if (relations.length === 0) return first.state === 6 ? 'up' : 'ringing';
  if (queued) return 'in_queue';
  if (relations.some((relation) => relation.state === 'up' && relation.b !== undefined)) return 'up';
  if (relations.some((relation) => relation.state === 'on_hold')) return 'on_hold';
  if (relations.some((relation) => relation.state === 'up')) return 'up';
  return 'ringing';
}

export function buildCall(linkedid: string, ctx: CallContext): CallView | undefined {
  const { table, graph, isKnownExtension: isKnown, nameOfExtension } = ctx;
  const legs = [...(table.byLinkedid.get(linkedid) ?? [])]
    .map((id) => table.byId.get(id))
    .filter((leg): leg is ChannelRecord => leg !== undefined)
    .sort(oldestFirst);
  const real = legs.filter((leg) => !isLocal(leg));
  const first = real[0];
  if (!first) return undefined;

  const partyByChannel = new Map(real.map((leg) => [leg, partyOf(leg, isKnown, nameOfExtension)]));
  const numberOf = (leg: ChannelRecord): string => (partyByChannel.get(leg) ?? partyOf(leg, isKnown)).number;
  const channelRelations = relationsOf(legs, graph);
  // A partner may belong to another Linkedid (bridged across calls): it is still a party here.
  for (const relation of channelRelations) {
    for (const leg of [relation.a, relation.b, relation.held]) {
      if (leg && !partyByChannel.has(leg)) partyByChannel.set(leg, partyOf(leg, isKnown, nameOfExtension));
    }
  }
  const applications = new Map<string, CallApplication>();
  const relations: CallRelation[] = channelRelations.map((relation) => {
    const out: CallRelation = { a: numberOf(relation.a), state: relation.state };
    if (relation.b) out.b = numberOf(relation.b);
    if (relation.held) out.heldParty = numberOf(relation.held);
    const application = relation.state === 'up' ? connectedApplication(relation.a, relation.b, legs) : undefined;
    if (application) {
      out.application = application;
      applications.set(application.label, application);
    }
    return out;
  });

  // The application is the other party of a call answered by the dialplan; it has no channel
  // of its own (it runs on the phone's), so actions aimed at parties leave it alone.
  const parties = [...partyByChannel.values()];
  const people = [...parties];
  for (const application of applications.values()) {
    parties.push({ number: application.label, name: application.label, external: false, channel: '', application });
  }
  const external = people.filter((party) => party.external && party.channel !== first.name);
  const firstParty = partyByChannel.get(first);
  const direction = firstParty?.external ? 'inbound' : external.length > 0 ? 'outbound' : 'internal';

  let queue: string | undefined;
  let queued = false;
  for (const leg of legs) {
    const waitingIn = ctx.queueOfCaller(leg.uniqueid);
    if (waitingIn !== undefined) {
      queue = waitingIn;
      queued = true;
    }
    queue ??= leg.viaQueue;
  }
  // An attended transfer in progress: someone holds one party and talks or rings another.
  const holders = new Set(relations.filter((r) => r.state === 'on_hold').map((r) => (r.heldParty === r.a ? r.b : r.a)));
  const transferring = [...holders].some((holder) =>
    relations.some((r) => r.state !== 'on_hold' && r.b !== undefined && (r.a === holder || r.b === holder)),
  );

  const spiedBy: SpyView[] = [];
  for (const id of table.spyerIds) {
    const channel = table.byId.get(id);
    const target = table.get(channel?.spy?.targetUniqueid);
    if (!channel) continue;
    if (target && target.linkedid === linkedid) spiedBy.push(spyView(channel, target, isKnown));
  }
  const spyer = real.find((leg) => leg.spy?.targetUniqueid !== undefined);
  const spyTarget = table.get(spyer?.spy?.targetUniqueid);

  const view: CallView = {
    id: linkedid,
    direction,
    state: callState(relations, queued, transferring, first),
    parties,
    relations,
    extensions: [...new Set(parties.map((party) => party.extension).filter((e): e is string => e !== undefined))],
    spiedBy,
    startedAt: Math.min(...legs.map((leg) => leg.createdAt)),
    legs: legs.map((leg) => {
      const out: CallView['legs'][number] = { channel: leg.name, uniqueid: leg.uniqueid, state: channelStateName(leg.state) };
      if (leg.callerNum !== undefined) out.callerNum = leg.callerNum;
      if (leg.callerName !== undefined) out.callerName = leg.callerName;
      if (leg.bridgeId !== undefined) out.bridgeId = leg.bridgeId;
      return out;
    }),
  };
  if (queue !== undefined) view.queue = queue;
  if (spyer && spyTarget) view.spying = spyView(spyer, spyTarget, isKnown);
  const answeredAt = table.answeredAt.get(linkedid);
  if (answeredAt !== undefined) view.answeredAt = answeredAt;
  return view;
}

/**
 * The application an `up` relation is connected to: a party alone that runs one (Voicemail,
 * IVR, ...; through a Local channel too, where FreePBX runs it on the far half), or two parties
 * that are both in the same conference (ConfBridge puts them in one bridge).
 */
function connectedApplication(a: ChannelRecord, b: ChannelRecord | undefined, legs: readonly ChannelRecord[]): CallApplication | undefined {
  if (b !== undefined) {
    const mine = applicationOf(a);
    const theirs = applicationOf(b);
    return mine?.kind === 'conference' && theirs?.label === mine.label ? mine : undefined;
  }
  if (a.state !== 6) return undefined;
  const own = applicationOf(a);
  if (own) return own;
  if (a.bridgeId === undefined) return undefined;
  for (const leg of legs) {
    if (leg === a || !isLocal(leg) || leg.state !== 6) continue;
    const behind = applicationOf(leg);
    if (behind) return behind;
  }
  return undefined;
}

const CHANNEL_STATES = ['down', 'rsrvd', 'offhook', 'dialing', 'ring', 'ringing', 'up', 'busy', 'dialing_offhook', 'prering', 'mute'];

function channelStateName(state: number): string {
  return CHANNEL_STATES[state] ?? 'unknown';
}
