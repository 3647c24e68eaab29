/**
 * Demo entry: `node --import tsx server/src/simulator/main.ts --port 5038 --secret s3cret`
 * Options: --host, --port, --username, --secret, --extensions N, --queues N, --calls-per-minute N, --seed N, --quiet-traffic
 */
import { parseArgs } from 'node:util';
import { startSimulator } from './simulator';
import { startTraffic } from './traffic';

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
    'quiet-traffic': { type: 'boolean', default: false },
  },
});

const extensionCount = Number(values.extensions);
const queueCount = Number(values.queues);
const extensions = Array.from({ length: extensionCount }, (_, i) => String(1001 + i));
const queues: Record<string, string[]> = {};
for (let q = 0; q < queueCount; q += 1) queues[`q${800 + q}`] = extensions.filter((_, i) => i % queueCount === q).slice(0, 8);

const sim = await startSimulator({
  host: values.host,
  port: Number(values.port),
  username: values.username,
  secret: values.secret,
  extensions,
  webrtcExtensions: ['2001', '2002'],
  queues: { support: extensions.slice(0, 2), ...queues },
  localQueues: {},
});
process.stdout.write(`OnDeck PBX simulator: AMI on ${sim.host}:${sim.port} (user ${values.username})\n`);
const traffic = values['quiet-traffic'] ? undefined : startTraffic(sim.scenarios, { callsPerMinute: Number(values['calls-per-minute']), seed: Number(values.seed) });

const shutdown = (): void => {
  traffic?.stop();
  void sim.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
