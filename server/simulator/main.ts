/**
 * Demo / bench entry:
 *   node --import tsx server/simulator/main.ts --port 5038 --secret s3cret
 * Options (all optional):
 *   --host 127.0.0.1 --port 5038 --username panel --secret panelsecret
 *   --extensions 40 --queues 3 --calls-per-minute 4 --seed 1 --no-traffic --rtcp-ms 5000
 *   --bulk-endpoints 2000 --bulk-calls 500 --bulk-queues 50 --bulk-waiting 100  (benchmark world)
 *   --burst-eps 5000  (with a bulk world: sustained hold/unhold events per second for fan-out)
 *   --cdr-host 127.0.0.1 --cdr-user root --cdr-password '' --cdr-database asteriskcdrdb
 *     (the password may come from SIM_CDR_PASSWORD instead, so it never shows in the process list)
 *   --recordings-dir DIR --history-days 14
 *     (with --cdr-host, the demo: past calls written once into the cdr table and playable
 *     recordings for the newest recorded ones under DIR/YYYY/MM/DD; --history-days 0 = none)
 *   --freepbx-host 127.0.0.1 --freepbx-user root --freepbx-database asterisk
 *     (the demo: writes FreePBX's `users` table with the demo company's names; the password
 *     comes from SIM_FREEPBX_PASSWORD so it never shows in the process list)
 */
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import { createProcessLogger } from '../src/logging';
import { startSimulator } from './simulator';
import type { SimulatorOptions } from './simulator';
import { demoNameOf } from '../src/demo';
import { writeFreePbxUsers } from './freepbx-users';
import type { HistoryQueue } from './cdr-history';
import { backfillDemoHistory, writeLiveRecording } from './demo-history';
import { bulkWorldOptions, populateBulk, startEventBurst, startTraffic } from './traffic';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '5038' },
    username: { type: 'string', default: 'panel' },
    secret: { type: 'string', default: 'panelsecret' },
    extensions: { type: 'string', default: '40' },
    queues: { type: 'string', default: '3' },
    'calls-per-minute': { type: 'string', default: '4' },
    seed: { type: 'string', default: '1' },
    'no-traffic': { type: 'boolean', default: false },
    'rtcp-ms': { type: 'string', default: '5000' },
    'bulk-endpoints': { type: 'string' },
    'bulk-calls': { type: 'string', default: '500' },
    'bulk-queues': { type: 'string', default: '50' },
    'bulk-waiting': { type: 'string', default: '0' },
    'burst-eps': { type: 'string', default: '0' },
    'cdr-host': { type: 'string' },
    'cdr-port': { type: 'string', default: '3306' },
    'cdr-user': { type: 'string', default: 'root' },
    'cdr-password': { type: 'string', default: '' },
    'cdr-database': { type: 'string', default: 'asteriskcdrdb' },
    'recordings-dir': { type: 'string' },
    'history-days': { type: 'string', default: '14' },
    'freepbx-host': { type: 'string' },
    'freepbx-port': { type: 'string', default: '3306' },
    'freepbx-user': { type: 'string', default: 'root' },
    'freepbx-database': { type: 'string', default: 'asterisk' },
  },
});

/** Demo world: 1001..(1000+N), support (1001, 1002) plus N queues q800... of up to 8 members each. */
function demoWorld(): Pick<SimulatorOptions, 'extensions' | 'webrtcExtensions' | 'queues' | 'localQueues' | 'names'> {
  const extensions = Array.from({ length: Number(values.extensions) }, (_, i) => String(1001 + i));
  const queueCount = Number(values.queues);
  const queues: Record<string, string[]> = { support: extensions.slice(0, 2) };
  for (let q = 0; q < queueCount; q += 1) queues[`q${800 + q}`] = extensions.filter((_, i) => i % queueCount === q).slice(0, 8);
  const webrtcExtensions = ['2001', '2002'];
  // Every extension is a person of the demo company, in FreePBX's users table and as queue member.
  const names = Object.fromEntries([...extensions, ...webrtcExtensions].map((ext) => [ext, demoNameOf(ext)]));
  return { extensions, webrtcExtensions, queues, localQueues: {}, names };
}

const bulk = values['bulk-endpoints'] ? bulkWorldOptions(Number(values['bulk-endpoints']), Number(values['bulk-queues'])) : undefined;
const world = bulk ?? demoWorld();
if (values['freepbx-host'] && !bulk) {
  // Before AMI opens, so OnDeck finds the names as soon as it can reach the PBX.
  await writeFreePbxUsers({
    connection: {
      host: values['freepbx-host'],
      port: Number(values['freepbx-port']),
      user: values['freepbx-user'],
      password: process.env.SIM_FREEPBX_PASSWORD ?? '',
      database: values['freepbx-database'],
    },
    names: 'names' in world ? (world.names ?? {}) : {},
  }).then(
    (count) => process.stdout.write(`OnDeck PBX simulator: wrote ${count} extension names to ${values['freepbx-database']}.users\n`),
    (error: unknown) => process.stderr.write(`freepbx users: ${String(error)} (extension names will come from caller ID only)\n`),
  );
}

const cdrConnection = values['cdr-host']
  ? {
      host: values['cdr-host'],
      port: Number(values['cdr-port']),
      user: values['cdr-user'],
      password: values['cdr-password'] || (process.env.SIM_CDR_PASSWORD ?? ''),
      database: values['cdr-database'],
    }
  : undefined;

if (cdrConnection) {
  // The CDR writer creates the table; the demo's CDR database may not exist yet.
  const { database, ...server } = cdrConnection;
  const connection = await mysql.createConnection(server);
  await connection.query(`CREATE DATABASE IF NOT EXISTS ${connection.escapeId(database)} CHARACTER SET utf8mb4`).finally(() => connection.end());
}

const sim = await startSimulator({
  host: values.host,
  port: Number(values.port),
  username: values.username,
  secret: values.secret,
  rtcpIntervalMs: Number(values['rtcp-ms']),
  ...world,
  cdr: cdrConnection ? { connection: cdrConnection, onError: (error) => process.stderr.write(`cdr: ${String(error)}\n`) } : undefined,
});
const bulkCalls = bulk ? populateBulk(sim.scenarios, { liveCalls: Number(values['bulk-calls']), waitingCallers: Number(values['bulk-waiting']) }).calls : [];
const stopBurst = Number(values['burst-eps']) > 0 ? startEventBurst(sim.scenarios, bulkCalls, Number(values['burst-eps'])) : undefined;
process.stdout.write(`OnDeck PBX simulator: AMI on ${sim.host}:${sim.port} (user ${values.username}), ${sim.world.endpoints.size} endpoints, ${sim.world.queues.size} queues\n`);
const traffic = values['no-traffic'] || bulk ? undefined : startTraffic(sim.scenarios, { callsPerMinute: Number(values['calls-per-minute']), seed: Number(values.seed) });

/**
 * The demo's past calls and recordings, after AMI is up (OnDeck can connect meanwhile). The demo
 * company's extensions make and take the calls; its queues ring their members as FreePBX's Local
 * members; Reception (1027 in the demo company) takes the direct inbound calls.
 */
async function backfillHistory(connection: NonNullable<typeof cdrConnection>, recordingsDir: string): Promise<void> {
  const logger = createProcessLogger('info', 'pretty').child({ component: 'demo-history' });
  const extensions = world.extensions ?? [];
  const names = 'names' in world ? Object.fromEntries(Object.entries(world.names ?? {}).filter(([ext]) => extensions.includes(ext))) : {};
  const queues: Record<string, HistoryQueue> = Object.fromEntries(
    Object.entries(world.queues ?? {}).map(([name, members]) => [name, { number: /^q(\d+)$/.exec(name)?.[1] ?? '8000', members }]),
  );
  const pool = mysql.createPool({ ...connection, timezone: 'Z', connectionLimit: 2 });
  try {
    await backfillDemoHistory({ pool, recordingsDir, days: Number(values['history-days']), names, queues, reception: names['1027'] ? '1027' : (extensions[0] ?? ''), logger });
  } catch (error) {
    logger.warn({ err: error }, 'demo call history could not be written; the call log starts empty');
  } finally {
    await pool.end();
  }
}
const recordingsDir = values['recordings-dir'];
if (recordingsDir && !bulk) {
  // A live call recorded with MixMonitor (the demo softphone's record button) gets a playable file too.
  sim.world.onEvent((event) => {
    if (event.name !== 'MixMonitorStart') return;
    const file = sim.world.recordings.get(event.fields.Channel ?? '');
    if (file) writeLiveRecording(recordingsDir, file).catch((error: unknown) => process.stderr.write(`demo recording: ${String(error)}\n`));
  });
}
if (cdrConnection && values['recordings-dir'] && !bulk && Number(values['history-days']) > 0) backfillHistory(cdrConnection, values['recordings-dir']).catch((error: unknown) => process.stderr.write(`demo history: ${String(error)}\n`));

const shutdown = (): void => {
  traffic?.stop();
  stopBurst?.();
  sim.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`stopping the simulator failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
