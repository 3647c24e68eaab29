/**
 * Chaos: seeded simulator traffic while the AMI connection is cut at random points, some
 * of them in the middle of OnDeck's resync (after one of its list actions reached the
 * PBX, with more traffic flowing while the lists are read). OnDeck reconnects by itself.
 * Whenever things have settled, its model must equal the simulator's own truth: device
 * states, live calls by Linkedid with their relations, queue callers and members.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AmiConnection } from '../../src/pbx/ami';
import { PbxService, RESYNC_ACTIONS } from '../../src/pbx/pbx.service';
import type { AmiConnectionLink } from '../../src/pbx/pbx.service';
import { ManualClock, startSimulator, startTraffic } from '../../simulator';
import { seededRandom } from '../../src/lib/seeded-random';
import { modelState, truthOf } from './simulator-truth';
import { waitFor } from '../wait-for';

const EXTENSIONS = Array.from({ length: 14 }, (_, i) => String(1001 + i));
const LIST_ACTIONS = new Set(RESYNC_ACTIONS.map(({ action }) => action.toLowerCase()));

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** What to do right after OnDeck's k-th resync list action has gone out (same tick). */
interface ResyncTap {
  afterListAction: number;
  advanceMs: number;
  drop: boolean;
  fired: boolean;
}

async function chaosStack(seed: number) {
  const clock = new ManualClock();
  const sim = await startSimulator({
    clock,
    rtcpIntervalMs: 0,
    extensions: EXTENSIONS,
    webrtcExtensions: [],
    queues: { sales: EXTENSIONS.slice(0, 4), support: EXTENSIONS.slice(3, 7) },
    localQueues: { 'support-local': EXTENSIONS.slice(7, 10) },
  });
  cleanups.push(() => sim.stop());
  const connection = new AmiConnection({
    host: '127.0.0.1', port: sim.port, username: 'panel', secret: 'panelsecret',
    reconnectInitialMs: 5, reconnectMaxMs: 50, random: seededRandom(seed ^ 0x5eed),
  });
  // The service sees the real connection through a tap that can act in the middle of its
  // resync: the list action is already written, its answer cannot have been read yet.
  const stack = { clock, sim, connection, tap: undefined as ResyncTap | undefined, listActionsThisLogin: 0 };
  connection.on('connected', () => (stack.listActionsThisLogin = 0));
  const link: AmiConnectionLink = {
    on: (event: string, listener: (arg: never) => void) => connection.on(event as 'event', listener as never),
    listAction: (fields) => {
      const answer = connection.listAction(fields);
      const tap = stack.tap;
      if (tap && !tap.fired && ++stack.listActionsThisLogin === tap.afterListAction) {
        tap.fired = true;
        clock.advance(tap.advanceMs);
        if (tap.drop) sim.dropAllConnections();
      }
      return answer;
    },
  };
  const service = new PbxService(link);
  connection.start();
  cleanups.push(() => connection.stop());
  return { ...stack, service, stack };
}

type Stack = Awaited<ReturnType<typeof chaosStack>>;

/** Linked, resynced, and every event the simulator sent so far has been applied. */
async function settle({ sim, connection, service }: Stack): Promise<void> {
  await waitFor(() => connection.status.state === 'connected' && !service.stale && sim.connectionCount() === 1, 'reconnect and resync');
  await connection.action({ Action: 'Ping' });
}

/** Cuts the link now, and arms the tap for the resync of the next login. */
async function dropAndTapNextResync(stack: Stack, tap: Omit<ResyncTap, 'fired'>): Promise<void> {
  const armed: ResyncTap = { ...tap, fired: false };
  stack.stack.tap = armed;
  stack.sim.dropAllConnections();
  await waitFor(() => armed.fired, `resync list action ${tap.afterListAction} after reconnect`);
  stack.stack.tap = undefined;
}

function expectModelMatchesTruth({ sim, service }: Stack, label: string): void {
  const truth = truthOf(sim.world);
  const model = modelState(service.snapshot(), sim.world.endpoints.keys());
  expect(model.devices, `${label}: device states`).toEqual(truth.devices);
  expect(model.calls, `${label}: calls by Linkedid`).toEqual(truth.calls);
  expect(model.queues, `${label}: queues`).toEqual(truth.queues);
}

describe('chaos: AMI drops (also mid-resync) during seeded traffic', () => {
  for (const seed of [101, 202, 303, 404]) {
    it(`seed ${seed}: after every settle the model equals the simulator's truth`, async () => {
      const stack = await chaosStack(seed);
      const random = seededRandom(seed);
      await settle(stack);
      expectModelMatchesTruth(stack, `seed ${seed} start`);
      const traffic = startTraffic(stack.sim.scenarios, {
        seed, callsPerMinute: 40, maxConcurrentCalls: 6, talkSeconds: [4, 40], holdRate: 0.4, transferRate: 0.2,
      });
      cleanups.push(() => traffic.stop());
      let drops = 0;
      let dropsMidResync = 0;
      let busyChecks = 0;
      for (let step = 1; step <= 60; step += 1) {
        stack.clock.advance(Math.floor(random() * 4000));
        const roll = random();
        if (roll < 0.12) {
          stack.sim.dropAllConnections();
          drops += 1;
        } else if (roll < 0.3) {
          // Traffic goes on while the lists are read (held back, then replayed); half the
          // time the link is cut right there, before the resync can finish.
          const drop = random() < 0.5;
          const afterListAction = 1 + Math.floor(random() * LIST_ACTIONS.size);
          await dropAndTapNextResync(stack, { afterListAction, advanceMs: Math.floor(random() * 3000), drop });
          drops += drop ? 2 : 1;
          if (drop) dropsMidResync += 1;
        }
        if (step % 6 === 0) {
          await settle(stack);
          expectModelMatchesTruth(stack, `seed ${seed} step ${step}`);
          if (stack.sim.world.channels.size > 0) busyChecks += 1;
        }
      }
      // Last drop mid-resync, then let the PBX run on and compare once more.
      await dropAndTapNextResync(stack, { afterListAction: LIST_ACTIONS.size, advanceMs: 2000, drop: true });
      dropsMidResync += 1;
      stack.clock.advance(5000);
      await settle(stack);
      expectModelMatchesTruth(stack, `seed ${seed} end`);
      // The run must really have exercised what it claims to.
      expect(drops).toBeGreaterThan(3);
      expect(dropsMidResync).toBeGreaterThan(1);
      expect(busyChecks).toBeGreaterThan(2);
    });
  }

  it('the comparison notices a model that missed events (a link without resync)', async () => {
    const stack = await chaosStack(1);
    await settle(stack);
    stack.sim.scenarios.call('1001', '1002').answer();
    await stack.connection.action({ Action: 'Ping' });
    expectModelMatchesTruth(stack, 'live link');
    // Freeze the model as it is, then move the PBX on without telling it.
    const frozen = modelState(stack.service.snapshot(), stack.sim.world.endpoints.keys());
    stack.sim.scenarios.call('1003', '1004');
    expect(frozen).not.toEqual(truthOf(stack.sim.world));
  });
});
