import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody, CallView, RecordingState } from '@ondeck/shared';
import type { RunningSimulator } from '../simulator';
import type { TestServer } from './harness';
import { startPbxStack, type PbxStack } from './pbx-stack';
import { waitFor } from './wait-for';

const until = (check: () => boolean | Promise<boolean>, what: string): Promise<void> => waitFor(check, what, 5000);

/** Record on/off from the softphone: MixMonitor on the user's own channel, through the server. */
let stack: PbxStack;
let sim: RunningSimulator;
let server: TestServer;

beforeAll(async () => {
  stack = await startPbxStack({ simulator: { extensions: ['1001', '1002', '1003'], queues: {} }, server: { demo: true } });
  ({ sim, server } = stack);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

describe('recording from the softphone', () => {
  it('starts and stops MixMonitor on the agent\'s own channel, with a FreePBX-style file name, and audits it', async () => {
    const agent = await server.loginDemo('agent'); // extension 1002
    const idle = await server.api('PUT', '/api/phone/recording', { token: agent.accessToken, body: { on: true } });
    expect(idle.status).toBe(409);
    expect((idle.body as ApiErrorBody).error.message).toMatch(/not in a call/);

    sim.scenarios.call('1002', '1003').answer();
    let call: CallView | undefined;
    await until(async () => {
      const body = (await server.api('GET', '/api/calls', { token: agent.accessToken })).body as { calls: CallView[] };
      call = body.calls.find((c) => c.state === 'up');
      return call !== undefined;
    }, 'the call');
    const channel = call?.parties.find((p) => p.extension === '1002')?.channel;

    const before = sim.recordedActions.length;
    const started = await server.api('PUT', '/api/phone/recording', { token: agent.accessToken, body: { on: true } });
    expect(started.status).toBe(200);
    const state = started.body as RecordingState;
    expect(state.recording).toBe(true);
    expect(state.file).toMatch(new RegExp(`^\\d{4}/\\d{2}/\\d{2}/ondemand-1002-1003-\\d{8}-\\d{6}-${call?.id.replace('.', '\\.')}\\.wav$`));
    const mixMonitor = sim.recordedActions.slice(before).find((a) => a.action === 'MixMonitor');
    expect(mixMonitor?.fields).toMatchObject({ Channel: channel, File: state.file, Options: 'b' });

    const stopped = await server.api('PUT', '/api/phone/recording', { token: agent.accessToken, body: { on: false } });
    expect(stopped.body).toEqual({ recording: false, file: null });
    expect(sim.recordedActions.slice(before).find((a) => a.action === 'StopMixMonitor')?.fields).toMatchObject({ Channel: channel });

    const [rows] = await server.server.services.pool.query("SELECT action, result FROM audit_log WHERE action LIKE 'phone.record.%' ORDER BY id");
    expect(rows).toEqual([{ action: 'phone.record.start', result: 'success' }, { action: 'phone.record.stop', result: 'success' }]);
  });

  it('refuses roles an admin has not allowed, and bad input', async () => {
    const admin = await server.loginDemo('admin');
    expect((await server.api('PUT', '/api/settings', { token: admin.accessToken, body: { recordingRoles: ['supervisor'] } })).status).toBe(200);
    const agent = await server.loginDemo('agent');
    const refused = await server.api('PUT', '/api/phone/recording', { token: agent.accessToken, body: { on: true } });
    expect(refused.status).toBe(403);
    const bad = await server.api('PUT', '/api/phone/recording', { token: agent.accessToken, body: { on: 'yes' } });
    expect(bad.status).toBe(400);
  });
});
