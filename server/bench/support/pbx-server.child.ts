/**
 * A whole OnDeck server for benchmarks, in its own process so its CPU and memory are
 * measured alone: the test harness's composition (fresh MariaDB database, dropped on stop)
 * with the PBX domains connected to the simulator at `--ami-port`, serving `--client-dist`.
 * Run it with `--cpu-prof` in the execArgv to profile it.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AppConfig } from '../../src/config';
import { startTestServer } from '../../test/harness';
import { argument, processUsage, serveParent, stringArgument } from './child';
import type { CreateUsersRequest, ServerUsage } from './messages';

const clientDist = stringArgument('client-dist');
const server = await startTestServer({
  ami: { host: '127.0.0.1', port: argument('ami-port', 5038), username: 'panel', secret: 'bench' },
  ...(clientDist ? { clientDist } : {}),
  // ONDECK_BENCH_LOG_LEVEL=info shows the server's log on stderr (reconnects, slow handlers).
  logLevel: (process.env.ONDECK_BENCH_LOG_LEVEL as AppConfig['logLevel'] | undefined) ?? 'silent',
});
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();

serveParent({
  users: async (message) => {
    for (const user of (message as CreateUsersRequest).users) await server.createUser(user);
    return { type: 'users-created' };
  },
  usage: (message): ServerUsage => {
    // With --expose-gc, `{ gc: true }` measures the live heap rather than live + garbage.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (message.gc === true && gc) gc();
    const usage: ServerUsage = {
      type: 'usage',
      ...processUsage(),
      atMs: performance.now(),
      loopDelayP99: loopDelay.percentile(99) / 1e6,
      loopDelayMax: loopDelay.max / 1e6,
    };
    loopDelay.reset();
    return usage;
  },
  stop: async () => {
    await server.stop();
    process.exit(0);
  },
});
process.send?.({ type: 'ready', url: server.url });
