import { startApp } from './app.js';
import { ConfigError, parseConfig } from './config/config.js';
import { describeStartFailure } from './describe-start-failure.js';
import { createLogger } from './logging/logger.js';

/** Stops the process when shutdown itself hangs, so an orchestrator never waits forever. */
const SHUTDOWN_DEADLINE_MS = 25_000;

async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`bitbucket-slack cannot start. ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  // Node.js (15 and later) stops the process on an unhandled rejection, and this handler logs it
  // as one record first. Bolt verifies the bot token with auth.test while the app is built and
  // awaits the result only on the first request, so a rejected token or an unreachable Slack
  // ends up here.
  process.on('unhandledRejection', (reason: unknown) => {
    logger.fatal({ err: reason }, `stopping after an unhandled error: ${describeFailure(reason)}`);
    process.exit(1);
  });

  const app = await startApp(config, { logger });

  let stopping = false;
  const shutDown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'received a stop signal');
    setTimeout(() => {
      app.logger.error('shutdown did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        app.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutDown);
  process.on('SIGINT', shutDown);
}

main().catch((error: unknown) => {
  process.stderr.write(`bitbucket-slack failed to start: ${describeStartFailure(error)}\n`);
  process.exit(1);
});

/** Names the likely cause of a fatal error for the operator, with the variable to check. */
function describeFailure(reason: unknown): string {
  const code = typeof reason === 'object' && reason !== null && 'code' in reason ? String(reason.code) : '';
  const message = reason instanceof Error ? reason.message : String(reason);
  if (code.startsWith('slack_webapi')) {
    return `a Slack Web API call failed (${message}); check SLACK_BOT_TOKEN and that SLACK_API_URL is reachable`;
  }
  return message;
}
