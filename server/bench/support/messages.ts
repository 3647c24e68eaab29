/** Messages between a benchmark and its simulator / server children. */
import type { CreateUserRequest } from '@ondeck/shared';
import type { ProcessUsage } from './child';

export interface LoadRequest {
  type: 'load';
  eventsPerSecond: number;
  churnCalls: number;
  probesPerSecond: number;
  [key: string]: unknown;
}

export interface LoadReport {
  type: 'report';
  /** AMI events written while the load ran, and for how long. */
  events: number;
  seconds: number;
  /** [probe seq, hrtime ns as a string] */
  probes: [number, string][];
  /** The simulator's own CPU over the load. */
  cpu: NodeJS.CpuUsage;
}

export const PROBE_PREFIX = 'probe-';

export interface ServerReady {
  type: 'ready';
  url: string;
}

export interface CreateUsersRequest {
  type: 'users';
  users: CreateUserRequest[];
  [key: string]: unknown;
}

export interface ServerUsage extends ProcessUsage {
  type: 'usage';
  /** performance.now() of the server when it answered, so CPU is divided by its own clock. */
  atMs: number;
  /** Event-loop delay percentiles since the last usage request, in ms. */
  loopDelayP99: number;
  loopDelayMax: number;
}
