import type { ActiveCall } from './call-registry';
import type { SimBridge, SimChannel } from './channel';
import { emitCdr } from './cdr-records';
import { sipDigestAuth } from './security-events';
import { answerLocal, bridgeLocal, createLocalAttempt, dialPhoneFromLocal, dropLocal, hangupLocalChain, ringLocal } from './local-member';
import type { Attempt } from './local-member';
import type { SimQueue } from './queue-model';
import type { World } from './world';

export type QueueCallPhase = 'waiting' | 'talking' | 'ended';

export interface QueueCallOptions {
  trunk?: boolean;
  /** Dialled number that runs Queue() (8000 support, 8001 support-local, 8002 with priority). */
  exten?: string;
  /** QUEUE_PRIO of the caller (8002 in the lab sets 10); higher is served first. */
  priority?: number;
}

/** Queue retry after a ring round nobody answered (queues.conf retry=5). */
const RETRY_MS = 5000;

/**
 * A caller in a ringall queue (queue-answered / queue-abandon captures): answered by the
 * dialplan, QueueCallerJoin + music on hold, every available member rings, the first to
 * answer wins and the others get "Answered elsewhere".
 */
export class QueueCall implements ActiveCall {
  phase: QueueCallPhase = 'waiting';
  attempts: Attempt[] = [];
  agent: Attempt | undefined;
  bridge: SimBridge | undefined;
  private readonly joinedAt: number;
  private ringStartedAt = 0;
  /** End of the last ring round nobody answered: a record with no member begins there. */
  private lastRoundEndedAt: number;
  private answeredAt = 0;
  private cancelTimer: (() => void) | undefined;

  private constructor(
    readonly world: World,
    readonly queue: SimQueue,
    readonly caller: SimChannel,
  ) {
    this.joinedAt = world.clock.now();
    this.lastRoundEndedAt = caller.createdAt;
  }

  /**
   * The records one member attempt leaves (queue-answered, queue-abandon, queue-member-ops,
   * queue-stats-after-calls captures): the caller's record towards the member's channel
   * (Local ;1 for a Local member), begun with the ring round, billed from the caller's own
   * answer; and for a Local member the ;2 half's own Dial(PJSIP/<ext>,,) record towards the
   * phone, from the ;2's creation to its end, billed from the phone's answer.
   */
  private recordAttempt(attempt: Attempt, disposition: string): void {
    const { world, caller, queue } = this;
    emitCdr(world, { caller, callee: attempt.channel, dialString: caller.exten, lastApp: 'Queue', lastData: queue.name, start: this.ringStartedAt }, disposition);
    const two = attempt.local;
    if (two) emitCdr(world, { caller: two, callee: attempt.phone, dialString: two.exten, lastApp: 'Dial', lastData: `PJSIP/${attempt.phone.callerNum},,` }, disposition);
  }

  static start(world: World, from: string, queueName: string, options: QueueCallOptions = {}): QueueCall {
    const queue = world.queues.get(queueName);
    if (!queue) throw new Error(`no queue ${queueName}`);
    const endpoint = options.trunk ? undefined : world.endpoints.get(from);
    if (!options.trunk && !endpoint) throw new Error(`no endpoint ${from}`);
    const exten = options.exten ?? '8000';
    if (!options.trunk) sipDigestAuth(world, from);
    const caller = options.trunk
      ? world.createChannel({ prefix: 'PJSIP/trunk', state: 4, callerNum: from, callerName: from, context: 'from-trunk', exten })
      : world.createChannel({ endpoint: from, state: 4, callerNum: from, callerName: endpoint?.callerName ?? from, context: 'from-internal', exten });
    world.newexten(caller, 1, 'Answer', '');
    world.setState(caller, 6);
    world.newexten(caller, 2, 'Queue', queueName);
    const call = new QueueCall(world, queue, caller);
    // app_queue inserts a caller before the first one with a lower priority (QUEUE_PRIO) and
    // announces only the newcomer's position; the callers behind move back without an event.
    const priority = options.priority ?? 0;
    const behind = queue.callers.findIndex((other) => other.priority < priority);
    const index = behind === -1 ? queue.callers.length : behind;
    queue.callers.splice(index, 0, { channel: caller, joinedAt: world.clock.now(), priority });
    world.devices.set(`Queue:${queue.name}`, 'RINGING');
    world.emit('QueueCallerJoin', 'agent', { ...caller.snapshot(), Queue: queue.name, Position: String(index + 1), Count: String(queue.callers.length) });
    world.emit('MusicOnHoldStart', 'call', { ...caller.snapshot(), Class: 'default' });
    call.ringMembers();
    return call;
  }

  private position(): number {
    return this.queue.callers.findIndex((c) => c.channel === this.caller) + 1;
  }

  private ringMembers(): void {
    const { world, caller, queue } = this;
    this.ringStartedAt = world.clock.now();
    // app_queue walks its member container in hash order: the captures ring the last-listed first.
    for (const member of queue.availableMembers().reverse()) {
      let channel: SimChannel;
      let local: { one: SimChannel; two: SimChannel; ext: string } | undefined;
      if (member.interface.startsWith('PJSIP/')) {
        const ext = member.interface.slice(6);
        const endpoint = world.endpoints.get(ext);
        if (!endpoint) continue;
        channel = world.createChannel({ endpoint: ext, state: 0, callerNum: ext, callerName: endpoint.callerName, context: 'from-internal', exten: 's', linkedid: caller.linkedid });
      } else {
        local = createLocalAttempt(world, caller, member);
        if (!local) continue;
        channel = local.one;
      }
      world.emit('AgentCalled', 'agent', { ...caller.snapshot(), ...channel.snapshot('Dest'), Queue: queue.name, Interface: member.interface, MemberName: member.name });
      world.dialEvent('DialBegin', caller, channel, { DialString: member.interface });
      // Queue() runs its member legs (a Local member's ;1 half too) as AppQueue; CoreShowChannels
      // reports that, and a resync relies on it to see who is ringing whom.
      channel.application = 'AppQueue';
      channel.applicationData = '(Outgoing Line)';
      const phone = local ? dialPhoneFromLocal(world, caller, local.two, local.ext) : channel;
      this.attempts.push({ member, channel, phone, local: local?.two });
    }
    for (const attempt of this.attempts) {
      if (attempt.local) {
        ringLocal(world, caller, attempt);
        world.setState(attempt.phone, 5);
        continue;
      }
      attempt.channel.connectedNum = caller.callerNum;
      attempt.channel.connectedName = caller.callerName;
      world.setState(attempt.channel, 5);
      world.emit('NewConnectedLine', 'call', attempt.channel.snapshot());
    }
    // The ringing indications come back in the opposite order (both queue captures).
    for (const attempt of [...this.attempts].reverse()) {
      world.dialEvent('DialState', caller, attempt.channel, { DialStatus: 'RINGING' });
      if (attempt.local) world.dialEvent('DialState', attempt.local, attempt.phone, { DialStatus: 'RINGING' });
    }
    this.cancelTimer = world.clock.schedule(queue.timeout * 1000, () => this.ringTimeout());
  }

  private drop(attempt: Attempt, cause: number): void {
    if (attempt.local) dropLocal(this.world, attempt, cause);
    else this.world.hangup(attempt.channel, cause);
  }

  private ringTimeout(): void {
    if (this.phase !== 'waiting') return;
    const { world, caller, queue } = this;
    for (const attempt of this.attempts) {
      world.dialEvent('DialEnd', caller, attempt.channel, { DialStatus: 'NOANSWER' });
      world.emit('AgentRingNoAnswer', 'agent', { ...caller.snapshot(), ...attempt.channel.snapshot('Dest'), Queue: queue.name, Interface: attempt.member.interface, MemberName: attempt.member.name, RingTime: String(queue.timeout * 1000) });
      this.drop(attempt, 0);
      this.recordAttempt(attempt, 'NO ANSWER');
    }
    // A round that rang nobody does not split the caller's record (list-actions-live capture).
    if (this.attempts.length > 0) this.lastRoundEndedAt = world.clock.now();
    this.attempts = [];
    this.cancelTimer = world.clock.schedule(RETRY_MS, () => this.phase === 'waiting' && this.ringMembers());
  }

  /** A ringing member picks up (by extension, e.g. "1002"; default: the first one). */
  answer(ext?: string): this {
    if (this.phase !== 'waiting') throw new Error(`cannot answer a queue call that is ${this.phase}`);
    const winner = ext === undefined ? this.attempts[0] : this.attempts.find((a) => a.phone.device === `PJSIP/${ext}`);
    if (!winner) throw new Error(`${ext ?? 'nobody'} is not ringing for this queue call`);
    this.cancelTimer?.();
    const { world, caller, queue } = this;
    if (winner.local) answerLocal(world, winner);
    else world.setState(winner.channel, 6);
    world.dialEvent('DialEnd', caller, winner.channel, { DialStatus: 'ANSWER' });
    const losers = this.attempts.filter((a) => a !== winner);
    for (const loser of losers) world.dialEvent('DialEnd', caller, loser.channel, { DialStatus: 'CANCEL' });
    world.setConnected(caller, winner.phone.callerNum, winner.phone.callerName);
    for (const loser of losers) {
      world.dialEvent('DialEnd', caller, loser.channel, { DialStatus: 'CANCEL' });
      this.drop(loser, 26);
      this.recordAttempt(loser, 'NO ANSWER');
    }
    bridgeLocal(world, winner);
    world.emit('MusicOnHoldStop', 'call', caller.snapshot());
    this.leaveQueue();
    const now = world.clock.now();
    this.answeredAt = now;
    world.emit('AgentConnect', 'agent', {
      ...caller.snapshot(),
      ...winner.channel.snapshot('Dest'),
      Queue: queue.name,
      Interface: winner.member.interface,
      MemberName: winner.member.name,
      HoldTime: String(Math.round((now - this.joinedAt) / 1000)),
      RingTime: String(Math.round((now - this.ringStartedAt) / 1000)),
    });
    if (winner.local && winner.localBridge) world.enterBridge(winner.localBridge, winner.local);
    this.bridge = world.createBridge();
    world.enterBridge(this.bridge, winner.channel);
    world.enterBridge(this.bridge, caller);
    this.attempts = [winner];
    this.agent = winner;
    this.phase = 'talking';
    return this;
  }

  private leaveQueue(): void {
    const { world, queue, caller } = this;
    const position = this.position();
    queue.callers.splice(position - 1, 1);
    if (queue.callers.length === 0) world.devices.set(`Queue:${queue.name}`, 'NOT_INUSE');
    world.emit('QueueCallerLeave', 'agent', { ...caller.snapshot(), Queue: queue.name, Position: String(position), Count: String(queue.callers.length) });
  }

  /** The caller gives up while waiting (QueueCallerAbandon). */
  abandon(): void {
    if (this.phase !== 'waiting') throw new Error('only a waiting caller can abandon');
    this.cancelTimer?.();
    const { world, caller, queue } = this;
    world.hangupRequest(caller, 16, { omitCause: true });
    world.emit('MusicOnHoldStop', 'call', caller.snapshot());
    for (let round = 0; round < 2; round += 1) {
      for (const attempt of this.attempts) world.dialEvent('DialEnd', caller, attempt.channel, { DialStatus: 'CANCEL' });
    }
    const position = this.position();
    const held = Math.round((world.clock.now() - this.joinedAt) / 1000);
    world.emit('QueueCallerAbandon', 'agent', { ...caller.snapshot(), Queue: queue.name, Position: String(position), OriginalPosition: String(position), HoldTime: String(held) });
    queue.recordAbandoned(held);
    this.leaveQueue();
    world.hangupRequest(caller, 16, { soft: true });
    for (const attempt of [...this.attempts].reverse()) this.drop(attempt, 0);
    for (const attempt of this.attempts) this.recordAttempt(attempt, 'NO ANSWER');
    // Nobody was ringing (all busy, or between rounds): one record without party B, and as the
    // dialplan answered the caller it is ANSWERED (list-actions-live capture).
    if (this.attempts.length === 0) {
      emitCdr(world, { caller, callee: undefined, dialString: caller.exten, lastApp: 'Queue', lastData: queue.name, start: this.lastRoundEndedAt }, 'ANSWERED');
    }
    world.hangup(caller, 0);
    this.attempts = [];
    this.phase = 'ended';
  }

  /** Either the caller or the agent hangs up a connected queue call (AgentComplete). */
  hangup(side: 'caller' | 'agent' = 'caller'): void {
    if (this.phase === 'waiting' && side === 'caller') return this.abandon();
    const agent = this.agent;
    const bridge = this.bridge;
    if (this.phase !== 'talking' || !agent || !bridge) throw new Error(`cannot hang up a queue call that is ${this.phase}`);
    const { world, caller, queue } = this;
    const memberLeg = agent.channel;
    if (side === 'agent' && agent.local) {
      hangupLocalChain(world, agent, true);
      world.hangupRequest(memberLeg, 16);
    } else world.hangupRequest(side === 'caller' ? caller : memberLeg, 16, { omitCause: side === 'caller' });
    const talk = Math.round((world.clock.now() - this.answeredAt) / 1000);
    const hold = Math.round((this.answeredAt - this.joinedAt) / 1000);
    agent.member.callsTaken += 1;
    agent.member.lastCall = world.nowSeconds();
    queue.recordCompleted(hold, talk);
    world.emit('AgentComplete', 'agent', { ...caller.snapshot(), ...memberLeg.snapshot('Dest'), Queue: queue.name, Interface: agent.member.interface, MemberName: agent.member.name, HoldTime: String(hold), TalkTime: String(talk), Reason: side });
    if (side === 'agent') {
      if (agent.local) world.hangup(agent.local, 16);
      world.leaveBridge(bridge, memberLeg);
      world.hangup(memberLeg, 16);
      world.leaveBridge(bridge, caller);
      world.destroyBridge(bridge);
      world.hangupRequest(caller, 16, { soft: true });
      world.hangup(caller, 16);
    } else {
      world.leaveBridge(bridge, caller);
      world.hangupRequest(caller, 16, { soft: true });
      world.hangup(caller, 16);
      world.leaveBridge(bridge, memberLeg);
      world.destroyBridge(bridge);
      if (agent.local) {
        hangupLocalChain(world, agent, false);
        world.hangup(agent.local, 16);
        world.hangup(agent.phone, 16);
      }
      world.hangup(memberLeg, 16);
    }
    this.recordAttempt(agent, 'ANSWERED');
    this.phase = 'ended';
  }

  /** A ringing member rejects (its phone sends 486): only that attempt ends. */
  decline(attempt: Attempt): void {
    const { world, caller } = this;
    world.dialEvent('DialEnd', caller, attempt.channel, { DialStatus: 'BUSY' });
    this.drop(attempt, 17);
    this.recordAttempt(attempt, 'BUSY');
    this.attempts = this.attempts.filter((a) => a !== attempt);
  }

  hangupChannel(channel: SimChannel): void {
    if (this.phase === 'ended') return;
    if (channel === this.caller) this.hangup('caller');
    else if (this.phase === 'talking') this.hangup('agent');
    else {
      const attempt = this.attempts.find((a) => a.phone === channel || a.channel === channel);
      if (attempt) this.decline(attempt);
    }
  }
}
