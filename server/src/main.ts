import { createServer } from './app';
import { ConfigError, loadConfig } from './config';
import { domainModules } from './domains';
import { installProcessGuards } from './lib/process-guards';
import { chooseLogFormat, createProcessLogger } from './logging';

/** Entry point: load config, start, and shut down cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let loaded;
  try {
    loaded = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG: systemd shows it as a configuration problem
    }
    throw error;
  }
  const { config, warnings } = loaded;
  const format = chooseLogFormat({ setting: config.logFormat, stdoutIsTty: process.stdout.isTTY === true, demo: config.demo, nodeEnv: config.nodeEnv });
  const logger = createProcessLogger(config.logLevel, format);
  installProcessGuards(process, logger, (code) => process.exit(code));
  for (const warning of warnings) logger.warn(warning);

  const { pbxStatus, modules } = domainModules(config, logger);
  const server = createServer(config, { logger, pbxStatus, modules });
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 10 s; exiting anyway');
      process.exit(1);
    }, 10_000);
    force.unref();
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));

  try {
    await server.start();
  } catch (error) {
    logger.fatal({ err: error }, error instanceof Error ? error.message : 'OnDeck could not start');
    await server.stop().catch(() => undefined);
    process.exit(1);
  }
}

// Before the logger exists (or if start-up code throws past it) the only place left to say why
// is stderr; exiting non-zero lets systemd show the failure and restart.
main().catch((error: unknown) => {
  console.error('OnDeck failed to start:', error);
  process.exit(1);
});
