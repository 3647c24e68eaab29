/**
 * Test support: the `devices` and `queues` checkpoints of a capture's NAME.expect.json,
 * and the same view taken from the simulated world, for comparison.
 */
import { readExpectFile } from '../../src/pbx/ami/testing/captures';
import { DEVICE_STATE_TEXT } from '../list-actions';
import type { World } from '../world';

export interface CheckpointView {
  what: string;
  devices: Record<string, string>;
  queues: Record<string, { waiting: number; members: Record<string, { paused: boolean; status: string; dynamic: boolean }> }>;
}

interface ExpectFile {
  checkpoints: Array<{
    what: string;
    devices: Record<string, string>;
    queues: Record<string, { waiting: number; members: Record<string, { paused: boolean; status: string; dynamic: boolean }> }>;
  }>;
}


export function readCheckpoints(name: string): CheckpointView[] {
  const file = readExpectFile<ExpectFile>(name);
  return file.checkpoints.map((c) => ({
    what: c.what,
    devices: c.devices,
    queues: Object.fromEntries(
      Object.entries(c.queues).map(([queue, q]) => [
        queue,
        { waiting: q.waiting, members: Object.fromEntries(Object.entries(q.members).map(([iface, m]) => [iface, { paused: m.paused, status: m.status, dynamic: m.dynamic }])) },
      ]),
    ),
  }));
}

/** The world's view, limited to the devices and queues the expected checkpoint names. */
export function worldCheckpoint(world: World, like: CheckpointView): CheckpointView {
  const devices: CheckpointView['devices'] = {};
  for (const device of Object.keys(like.devices)) devices[device] = world.devices.get(device);
  const queues: CheckpointView['queues'] = {};
  for (const name of Object.keys(like.queues)) {
    const queue = world.queues.get(name);
    if (!queue) continue;
    queues[name] = {
      waiting: queue.callers.length,
      members: Object.fromEntries(queue.members.map((m) => [m.interface, { paused: m.paused, status: DEVICE_STATE_TEXT[m.status], dynamic: m.membership === 'dynamic' }])),
    };
  }
  return { what: like.what, devices, queues };
}
