import { AmiServer } from './ami-server';
import type { RecordedAction } from './ami-server';
import { CallRegistry } from './call-registry';
import { ManualClock, RealClock } from './clock';
import type { SimClock } from './clock';
import { SimulatorScenarios } from './scenarios';
import { startCdrWriter } from './cdr-writer';
import { startRtcpReports } from './rtcp';
import type { CdrWriterOptions } from './cdr-writer';
import { World } from './world';
import type { WorldOptions } from './world';

export interface SimulatorOptions {
  /** 0 = pick a free port. */
  port?: number;
  host?: string;
  username?: string;
  secret?: string;
  /** Defaults to a real clock; pass a ManualClock to run scenarios instantly. */
  clock?: SimClock;
  extensions?: readonly string[];
  webrtcExtensions?: readonly string[];
  queues?: WorldOptions['queues'];
  localQueues?: WorldOptions['localQueues'];
  /** Seed data: extension -> person (caller names, queue member names). */
  names?: WorldOptions['names'];
  /** RTCP report pairs per bridged leg every N ms, as Asterisk does (0 = off; default 5000). */
  rtcpIntervalMs?: number;
  /** Write FreePBX-shaped CDR rows (table `cdr`, created when missing) into this database. */
  cdr?: CdrWriterOptions;
}

export interface RunningSimulator {
  readonly port: number;
  readonly host: string;
  readonly world: World;
  readonly clock: SimClock;
  /** Scenario drivers: calls, queue calls, hold, transfers, registration... */
  readonly scenarios: SimulatorScenarios;
  /** Every action any client sent, in arrival order, with its exact fields. */
  readonly recordedActions: readonly RecordedAction[];
  /** Closes every AMI connection (the listener stays up), to exercise client reconnects. */
  dropAllConnections(): void;
  /** Number of open AMI connections. */
  connectionCount(): number;
  stop(): Promise<void>;
}

/** The lab setup the captures were made with: 1001-1003 UDP, 2001/2002 WebRTC, two queues. */
export const CAPTURE_LAB: Required<Pick<SimulatorOptions, 'extensions' | 'webrtcExtensions' | 'queues' | 'localQueues'>> = {
  extensions: ['1001', '1002', '1003'],
  webrtcExtensions: ['2001', '2002'],
  queues: { support: ['1001', '1002'] },
  localQueues: { 'support-local': ['1001', '1002', '1003'] },
};

export function createWorld(options: SimulatorOptions = {}): { world: World; calls: CallRegistry; scenarios: SimulatorScenarios } {
  const world = new World({
    clock: options.clock ?? new RealClock(),
    extensions: options.extensions ?? CAPTURE_LAB.extensions,
    webrtcExtensions: options.webrtcExtensions ?? (options.extensions ? [] : CAPTURE_LAB.webrtcExtensions),
    queues: options.queues ?? (options.extensions ? {} : CAPTURE_LAB.queues),
    localQueues: options.localQueues ?? (options.extensions ? {} : CAPTURE_LAB.localQueues),
    ...(options.names ? { names: options.names } : {}),
  });
  const calls = new CallRegistry();
  return { world, calls, scenarios: new SimulatorScenarios(world, calls) };
}

/** Starts an AMI server backed by a fresh simulated PBX. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const { world, calls, scenarios } = createWorld(options);
  const host = options.host ?? '127.0.0.1';
  const server = new AmiServer({
    host,
    port: options.port ?? 0,
    username: options.username ?? 'panel',
    secret: options.secret ?? 'panelsecret',
    world,
    calls,
  });
  const address = await server.listen();
  const cdrWriter = options.cdr ? await startCdrWriter(world, options.cdr) : undefined;
  const rtcpInterval = options.rtcpIntervalMs ?? 5000;
  const stopRtcp = rtcpInterval > 0 ? startRtcpReports(world, rtcpInterval) : () => undefined;
  return {
    port: address.port,
    host,
    world,
    clock: world.clock,
    scenarios,
    recordedActions: server.recordedActions,
    dropAllConnections: () => server.dropAllConnections(),
    connectionCount: () => server.sessions.size,
    stop: async () => {
      stopRtcp();
      await server.close();
      await cdrWriter?.stop();
    },
  };
}

export { ManualClock, RealClock };
