/**
 * Queue positions when a caller with a higher priority (QUEUE_PRIO) joins ahead of others:
 * Asterisk announces only the newcomer's position, so the model must move the others back.
 * Driven by the simulator, whose world is the truth the model is compared with.
 */
import { describe, expect, it } from 'vitest';
import { AmiMessage } from '../ami/codec';
import { ManualClock } from '../../../simulator/clock';
import { createWorld } from '../../../simulator/simulator';
import { PbxModel } from './pbx-model';

function modelFollowingSimulator() {
  const clock = new ManualClock();
  const { world, scenarios } = createWorld({ clock });
  const model = new PbxModel({ clock });
  world.onEvent((event) => model.apply(AmiMessage.from({ Event: event.name, Privilege: `${event.privilege},all`, ...event.fields })));
  const modelCallers = (): Array<[string, number]> =>
    (model.queue('support')?.callers ?? []).map((caller) => [caller.callerNum ?? '?', caller.position]);
  const worldCallers = (): Array<[string, number]> =>
    (world.queues.get('support')?.callers ?? []).map((caller, index) => [caller.channel.callerNum, index + 1]);
  return { clock, scenarios, modelCallers, worldCallers };
}

describe('queue positions', () => {
  it('a priority caller who joins at position 1 moves the waiting callers back, and they move up again as callers leave', () => {
    const { clock, scenarios, modelCallers, worldCallers } = modelFollowingSimulator();
    // Both members of queue support are busy with each other, so queue callers wait.
    scenarios.call('1001', '1002').answer();
    const first = scenarios.queueCall('+15550000001', 'support', { trunk: true });
    clock.advance(1000);
    scenarios.queueCall('+15550000002', 'support', { trunk: true });
    clock.advance(1000);
    const vip = scenarios.queueCall('+15550000003', 'support', { trunk: true, exten: '8002', priority: 10 });
    expect(worldCallers()).toEqual([['+15550000003', 1], ['+15550000001', 2], ['+15550000002', 3]]);
    expect(modelCallers()).toEqual(worldCallers());

    // A second priority caller joins behind the first one, ahead of the normal callers.
    scenarios.queueCall('+15550000004', 'support', { trunk: true, exten: '8002', priority: 10 });
    expect(modelCallers()).toEqual([['+15550000003', 1], ['+15550000004', 2], ['+15550000001', 3], ['+15550000002', 4]]);
    expect(modelCallers()).toEqual(worldCallers());

    vip.abandon();
    first.abandon();
    expect(modelCallers()).toEqual([['+15550000004', 1], ['+15550000002', 2]]);
    expect(modelCallers()).toEqual(worldCallers());
  });
});
