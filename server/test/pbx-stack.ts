import { ManualClock, startSimulator, type RunningSimulator, type SimulatorOptions } from '../simulator';
import { startTestServer, TEST_ADMIN, type StartTestServerOptions, type TestServer } from './harness';
import { waitFor } from './wait-for';

export interface StartPbxStackOptions {
  /** The simulated PBX; its clock is a ManualClock unless given (scenarios then run at once). */
  simulator?: SimulatorOptions;
  /** The OnDeck server, without `ami`: the stack points it at the simulator. */
  server?: Omit<StartTestServerOptions, 'ami'>;
  /** How long the PBX model may take to load (a 2,000-extension wall needs longer). */
  syncTimeoutMs?: number;
}

export interface PbxStack {
  sim: RunningSimulator;
  server: TestServer;
  /** An access token of the server's admin (`demoAccount('admin')` on a demo server, else TEST_ADMIN). */
  adminToken: string;
  /** Stops the server (dropping its database), then the simulator. */
  stop(): Promise<void>;
}

/**
 * The whole path as production runs it, for integration and e2e tests: the PBX simulator
 * (a real AMI server on loopback) → OnDeck's AMI link → PBX model → REST and Socket.IO, on a
 * fresh MariaDB database. Resolves once the model has loaded the PBX (the REST extension
 * list is no longer stale), so a test starts from the PBX's state, not from an empty panel.
 */
export async function startPbxStack(options: StartPbxStackOptions = {}): Promise<PbxStack> {
  const sim = await startSimulator({ clock: new ManualClock(), ...options.simulator });
  let server: TestServer;
  try {
    server = await startTestServer({
      ...options.server,
      ami: { host: sim.host, port: sim.port, username: options.simulator?.username ?? 'panel', secret: options.simulator?.secret ?? 'panelsecret' },
    });
  } catch (error) {
    await sim.stop();
    throw error;
  }
  const stop = async (): Promise<void> => {
    await server.stop();
    await sim.stop();
  };
  try {
    const adminToken = (await (options.server?.demo ? server.loginDemo('admin') : server.login(TEST_ADMIN.username, TEST_ADMIN.password))).accessToken;
    await waitFor(async () => {
      const response = await server.api('GET', '/api/extensions', { token: adminToken });
      return response.status === 200 && (response.body as { stale: boolean }).stale === false;
    }, 'the PBX model to load from the simulator', options.syncTimeoutMs);
    return { sim, server, adminToken, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
