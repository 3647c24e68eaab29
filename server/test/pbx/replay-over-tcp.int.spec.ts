/**
 * Every recorded Asterisk 22 capture with checkpoints, replayed through the real stack:
 * loopback TCP (random chunk sizes) → AmiConnection/AmiClient → PbxService → model. At each
 * checkpoint the model must show what the capture driver saw: relations between parties,
 * device states and queue fields. The comparison helpers are the model's own replay
 * helpers, so a difference from replay.spec.ts can only come from the transport layers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AmiConnection } from '../../src/pbx/ami';
import {
  comparableQueues, devicesOfSnapshot, idleBaseline, loadCheckpoints, queuesOfSnapshot, relationsOfCheckpoint, relationsOfSnapshot,
} from '../../src/pbx/model/testing/captures';
import { checkpointedCaptureNames, loadMessages } from '../../src/pbx/ami/testing/captures';
import { PbxService } from '../../src/pbx/pbx.service';
import { CaptureReplayServer, splitCapture } from './capture-replay-server';
import { seededRandom } from '../../src/lib/seeded-random';
import { waitFor } from '../wait-for';

const FIXED_NOW = Date.UTC(2026, 10, 21, 15, 0, 0);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function replayStack(name: string, seed: number) {
  const server = await CaptureReplayServer.start({
    capture: splitCapture(name),
    idleState: idleBaseline(),
    random: seededRandom(seed),
  });
  cleanups.push(() => server.close());
  const connection = new AmiConnection({ host: '127.0.0.1', port: server.port, username: 'ondeck', secret: 'secret' });
  const service = new PbxService(connection, { clock: { now: () => FIXED_NOW } });
  connection.start();
  cleanups.push(() => connection.stop());
  return { server, connection, service };
}

describe('capture replay over loopback TCP through AmiConnection and PbxService', () => {
  const names = checkpointedCaptureNames();

  it('finds the captures, and the server splits each into as many messages as the parser finds', () => {
    expect(names.length).toBeGreaterThanOrEqual(19);
    for (const name of names) {
      expect(splitCapture(name).messages.length, name).toBe(loadMessages(name).length);
    }
  });

  for (const [index, name] of names.entries()) {
    it(name, async () => {
      const { server, connection, service } = await replayStack(name, 1000 + index);
      const checkpoints = loadCheckpoints(name);
      expect(checkpoints.length).toBeGreaterThan(0);
      for (const checkpoint of checkpoints) {
        await server.streamUntil(checkpoint.afterMessage);
        await waitFor(() => !service.stale, `${name}: resync after login`);
        // The Pong travels behind every byte already written, so once it is back every
        // message up to the checkpoint has gone through the parser and into the model.
        await connection.action({ Action: 'Ping' });
        const snapshot = service.snapshot();
        const label = `${name} @${checkpoint.afterMessage} (${checkpoint.what})`;
        expect(relationsOfSnapshot(snapshot), label).toEqual(relationsOfCheckpoint(checkpoint));
        expect(devicesOfSnapshot(snapshot, checkpoint.devices), label).toEqual(checkpoint.devices);
        expect(queuesOfSnapshot(snapshot, checkpoint.queues), label).toEqual(comparableQueues(checkpoint.queues));
      }
      expect(server.actions.slice(0, 1)).toEqual(['login']);
      expect(server.actions).toEqual(expect.arrayContaining(['coreshowchannels', 'queuestatus', 'devicestatelist']));
    });
  }

  it('a checkpoint taken before the messages arrive fails: the comparison can tell states apart', async () => {
    const name = 'basic-answer-caller-hangup';
    const { server, connection, service } = await replayStack(name, 7);
    const talking = loadCheckpoints(name).find((c) => c.calls.some((call) => call.state === 'up'));
    expect(talking).toBeDefined();
    if (!talking) return;
    await server.streamUntil(1);
    await waitFor(() => !service.stale, 'resync after login');
    await connection.action({ Action: 'Ping' });
    expect(relationsOfSnapshot(service.snapshot())).not.toEqual(relationsOfCheckpoint(talking));
  });
});
