import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN, type TestServer } from '../../../test/harness';
import { startPbxStack, type PbxStack } from '../../../test/pbx-stack';
import type { RunningSimulator } from '../../../simulator';
import { waitFor } from '../../../test/wait-for';

let stack: PbxStack;
let sim: RunningSimulator;
let server: TestServer;
let token = '';

beforeAll(async () => {
  stack = await startPbxStack({ simulator: { extensions: ['1001', '1002'] } });
  ({ sim, server, adminToken: token } = stack);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

describe('on-call routing in the AstDB (simulated Asterisk)', () => {
  it('writes ONCALL and ONCALL_FALLBACK on changes and re-asserts them after an AMI reconnect', async () => {
    const astdb = sim.world.astdb;
    await waitFor(() => server.server.services.pbxStatus.current().state === 'connected', 'the AMI link');
    const division = await server.api('POST', '/api/oncall/divisions', { token, body: { name: 'Night', fallbackNumber: '1999' } });
    const divisionId = String((division.body as { id: number }).id);
    await waitFor(() => astdb.get('ONCALL_FALLBACK', divisionId) === '1999', 'the fallback key');
    expect(astdb.get('ONCALL', divisionId)).toBeUndefined();

    const member = await server.api('POST', '/api/oncall/members', {
      token,
      body: { name: 'Alice', phone: '1001', pin: '123456', divisionIds: [Number(divisionId)] },
    });
    const memberId = (member.body as { id: number }).id;
    const taken = await server.api('POST', `/api/oncall/${divisionId}/takeover`, {
      token,
      body: { memberId, password: TEST_ADMIN.password },
    });
    expect(taken.status).toBe(200);
    expect(astdb.get('ONCALL', divisionId)).toBe('1001');

    // Someone wipes the keys on the PBX (restart, manual edit); the next AMI login puts them back.
    astdb.del('ONCALL', divisionId);
    astdb.del('ONCALL_FALLBACK', divisionId);
    sim.dropAllConnections();
    await waitFor(() => astdb.get('ONCALL', divisionId) === '1001' && astdb.get('ONCALL_FALLBACK', divisionId) === '1999', 're-asserted keys');

    expect((await server.api('POST', `/api/oncall/${divisionId}/release`, { token })).status).toBe(204);
    expect(astdb.get('ONCALL', divisionId)).toBeUndefined();
    expect(astdb.get('ONCALL_FALLBACK', divisionId)).toBe('1999');
  });
});
