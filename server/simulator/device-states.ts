import { memberFields } from './queue-model';
import type { SimQueue } from './queue-model';
import type { DeviceState } from './types';
import type { World } from './world';

/** Extension state (hint) numbers and texts for each device state. */
const EXTENSION_STATUS: Record<DeviceState, [number, string]> = {
  UNKNOWN: [4, 'Unavailable'],
  NOT_INUSE: [0, 'Idle'],
  INUSE: [1, 'InUse'],
  BUSY: [2, 'Busy'],
  INVALID: [4, 'Unavailable'],
  UNAVAILABLE: [4, 'Unavailable'],
  RINGING: [8, 'Ringing'],
  RINGINUSE: [9, 'InUse&Ringing'],
  ONHOLD: [16, 'Hold'],
};

export function extensionStatus(state: DeviceState): [number, string] {
  return EXTENSION_STATUS[state];
}

/**
 * Derives device states from live channels and publishes changes the way Asterisk does:
 * ExtensionStatus for the hint, DeviceStateChange, QueueMemberStatus for every queue member
 * that follows the device, then the `Queue:<q>_avail` pseudo-device when it flips.
 */
export class DeviceStateTracker {
  private readonly states = new Map<string, DeviceState>();

  constructor(private readonly world: World) {}

  initialise(): void {
    for (const endpoint of this.world.endpoints.values()) {
      const device = `PJSIP/${endpoint.id}`;
      this.states.set(device, this.compute(device));
    }
    for (const queue of this.world.queues.values()) {
      for (const member of queue.members) member.status = this.get(member.stateInterface);
      this.states.set(`Queue:${queue.name}_avail`, queue.availState());
      this.states.set(`Queue:${queue.name}`, 'NOT_INUSE');
    }
  }

  get(device: string): DeviceState {
    return this.states.get(device) ?? this.compute(device);
  }

  all(): ReadonlyMap<string, DeviceState> {
    return this.states;
  }

  compute(device: string): DeviceState {
    const channels = this.world.channelsOf(device);
    if (channels.length === 0) {
      const endpoint = device.startsWith('PJSIP/') ? this.world.endpoints.get(device.slice(6)) : undefined;
      if (device.startsWith('PJSIP/') && !endpoint) return 'INVALID';
      return endpoint && !endpoint.registered ? 'UNAVAILABLE' : 'NOT_INUSE';
    }
    const ringing = channels.some((c) => c.state === 5);
    const inUse = channels.some((c) => c.state === 4 || c.state === 6);
    if (channels.some((c) => c.state === 6 && c.hearingMoh)) return 'ONHOLD';
    if (ringing && inUse) return 'RINGINUSE';
    if (ringing) return 'RINGING';
    return inUse ? 'INUSE' : 'NOT_INUSE';
  }

  refresh(device: string): void {
    this.set(device, this.compute(device));
  }

  /** Publishes a state; no events when nothing changed. */
  set(device: string, state: DeviceState): void {
    if (this.states.get(device) === state) return;
    this.states.set(device, state);
    const world = this.world;
    if (device.startsWith('PJSIP/')) {
      const exten = device.slice(6);
      const [status, text] = extensionStatus(state);
      world.emit('ExtensionStatus', 'call', { Exten: exten, Context: 'from-internal', Hint: device, Status: String(status), StatusText: text });
    }
    world.emit('DeviceStateChange', 'call', { Device: device, State: state });
    const touched = new Set<SimQueue>();
    for (const { queue, member } of world.membersFollowing(device)) {
      member.status = state;
      world.emit('QueueMemberStatus', 'agent', memberFields(queue, member));
      touched.add(queue);
    }
    for (const queue of touched) this.refreshQueueAvail(queue);
  }

  /**
   * Local channel devices (`Local/1003@from-queue`) are announced on every state change of
   * either half, without de-duplication (queue-member-ops capture): INUSE while they run,
   * NOT_INUSE as each half hangs up.
   */
  announceLocal(device: string, state: DeviceState): void {
    this.states.set(device, state);
    this.world.emit('DeviceStateChange', 'call', { Device: device, State: state });
  }

  refreshQueueAvail(queue: SimQueue): void {
    this.set(`Queue:${queue.name}_avail`, queue.availState());
  }
}
