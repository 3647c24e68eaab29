/** PBX simulator: an AMI server over a simulated Asterisk 22 / FreePBX world. */
export { startSimulator, createWorld, CAPTURE_LAB } from './simulator';
export type { RunningSimulator, SimulatorOptions } from './simulator';
export { ManualClock, RealClock } from './clock';
export type { SimClock } from './clock';
export type { RecordedAction } from './ami-server';
export type { World } from './world';
export type { DialedCall, Side } from './internal-call';
export type { QueueCall } from './queue-call';
export type { AttendedTransfer } from './attended-transfer';
export type { SimulatorScenarios } from './scenarios';
export type { CdrRecord } from './cdr-records';
export { startCdrWriter } from './cdr-writer';
export type { CdrWriterOptions } from './cdr-writer';
export { runAgi } from './agi-client';
export type { AgiRunOptions, AgiResult } from './agi-client';
export { startTraffic, populateBulk, bulkWorldOptions, eventBurst, startEventBurst } from './traffic';
export type { TrafficOptions, TrafficHandle } from './traffic';
export { writeFreePbxUsers, FREEPBX_USERS_TABLE_SQL, type FreePbxUsersOptions } from './freepbx-users';
