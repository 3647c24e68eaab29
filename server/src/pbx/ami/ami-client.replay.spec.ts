/**
 * The client against Asterisk 22's own answers: the scripted server replays, for each list
 * action, the exact slice of the list-actions-live capture from its Response to its
 * Complete event, with the live events Asterisk interleaved there, and only the ActionID
 * rewritten to the one our client chose.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AmiClient } from './ami-client';
import type { AmiMessage } from './codec';
import { AmiActionError } from './errors';
import { captureBlocks, readCaptureFile } from './testing/captures';
import { ScriptedAmiServer } from './testing/scripted-ami-server';

const SCENARIO = 'list-actions-live';
const blocks = captureBlocks(SCENARIO);

/** Action name -> the ActionIDs the capturer used for it, in order. */
function capturedActionIds(): Map<string, string[]> {
  const text = readCaptureFile(`${SCENARIO}.actions.txt`);
  const ids = new Map<string, string[]>();
  for (const chunk of text.split('>>> SENT').slice(1)) {
    const name = /^Action: (\S+?)\\r\\n$/m.exec(chunk)?.[1];
    const id = /^ActionID: (\S+?)\\r\\n$/m.exec(chunk)?.[1];
    if (name && id) ids.set(name, [...(ids.get(name) ?? []), id]);
  }
  return ids;
}

/** The capture's blocks from the Response to `id` through its last message. */
function sliceFor(id: string): string[] {
  const marker = `ActionID: ${id}\r\n`;
  const first = blocks.findIndex((block) => block.startsWith('Response:') && block.includes(marker));
  let last = first;
  blocks.forEach((block, index) => {
    if (block.includes(marker)) last = index;
  });
  return first === -1 ? [] : blocks.slice(first, last + 1);
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function replayingClient() {
  const ids = capturedActionIds();
  const used = new Map<string, number>();
  const server = await ScriptedAmiServer.start({
    onAction: (action, peer) => {
      const name = action.get('action') ?? '';
      const turn = used.get(name) ?? 0;
      used.set(name, turn + 1);
      const capturedId = ids.get(name)?.[turn];
      if (!capturedId) throw new Error(`no captured answer for ${name}`);
      const marker = `ActionID: ${capturedId}\r\n`;
      peer.send(sliceFor(capturedId).map((block) => block.split(marker).join(`ActionID: ${action.actionId ?? ''}\r\n`)).join(''));
    },
  });
  cleanups.push(() => server.close());
  const client = new AmiClient({ host: '127.0.0.1', port: server.port, username: 'ondeck', secret: 'secret' });
  cleanups.push(() => client.close());
  const events: AmiMessage[] = [];
  client.on('event', (message) => events.push(message));
  await client.connect();
  return { client, events };
}

describe(`AmiClient replaying ${SCENARIO}`, () => {
  it.each(['CoreShowChannels', 'QueueStatus', 'QueueSummary', 'DeviceStateList', 'ExtensionStateList', 'PJSIPShowEndpoints'])(
    '%s collects exactly ListItems items and leaves interleaved live events alone',
    async (action) => {
      const { client, events } = await replayingClient();
      const result = await client.listAction({ Action: action });
      expect(result.complete?.get('eventlist')).toBe('Complete');
      expect(result.items.length).toBe(Number(result.complete?.get('listitems')));
      expect(result.items.length).toBeGreaterThan(0);
      for (const item of result.items) expect(item.actionId).toBe(result.response.actionId);
      for (const event of events) expect(event.actionId).toBeUndefined();
    },
  );

  it('QueueStatus items keep every field although ActionID comes last', async () => {
    const { client } = await replayingClient();
    const result = await client.listAction({ Action: 'QueueStatus' });
    const kinds = new Set(result.items.map((item) => item.event));
    expect(kinds).toContain('QueueParams');
    expect(kinds).toContain('QueueMember');
    const member = result.items.find((item) => item.event === 'QueueMember');
    expect(member?.get('queue')).toBeDefined();
    expect(member?.get('name') ?? member?.get('location')).toBeDefined();
  });

  it('rejects the captured Bogus action with Asterisk message', async () => {
    const { client } = await replayingClient();
    const error = await client.action({ Action: 'Bogus' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AmiActionError);
    expect((error as AmiActionError).message).toMatch(/^Invalid\/unknown command: Bogus/);
  });

  it('resolves the captured Ping and CoreStatus', async () => {
    const { client } = await replayingClient();
    await expect(client.action({ Action: 'Ping' })).resolves.toBeDefined();
    const status = await client.action({ Action: 'CoreStatus' });
    expect(status.response).toBe('Success');
  });
});
