import { describe, expect, it } from 'vitest';
import type { AmiMessage } from '../src/pbx/ami/codec';
import { agiTranscript, scriptedAgiServer } from './testing/agi-test-server';
import { loadMessages } from '../src/pbx/ami/testing/captures';
import { compareStreams, simEventToMessage } from './testing/capture-compare';
import { ManualClock } from './clock';
import { createWorld } from './simulator';

const CLASSES = new Set(['call', 'agent', 'system', 'agi']);

async function agiRun(transcriptFile: string, options: { dtmf?: (command: string) => string | undefined; hangupAfter?: number }): Promise<AmiMessage[]> {
  const { world, scenarios } = createWorld({ clock: new ManualClock() });
  world.astdb.put('ONCALL', '1', '1001');
  const out: AmiMessage[] = [];
  world.onEvent((e) => out.push(simEventToMessage(e)));
  const server = await scriptedAgiServer(agiTranscript(transcriptFile).commands);
  await scenarios.agiCall('1001', { host: '127.0.0.1', port: server.port, request: 'agi://127.0.0.1:4573/oncall-takeover?division=1', args: ['argA', 'argB'], ...options });
  return out;
}

describe('FastAGI call on AMI (AGIExecStart/AGIExecEnd)', () => {
  it('agi-session matches the capture', async () => {
    const out = await agiRun('agi-session.txt', { dtmf: (command) => (command === 'GET DATA' ? '1234#' : undefined) });
    expect(compareStreams(loadMessages('agi-session'), out, { classes: CLASSES })).toEqual([]);
  });

  it('agi-hangup matches the capture', async () => {
    const out = await agiRun('agi-hangup.txt', { hangupAfter: 2 });
    expect(compareStreams(loadMessages('agi-hangup'), out, { classes: CLASSES })).toEqual([]);
  });
});
