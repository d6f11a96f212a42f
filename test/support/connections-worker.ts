/**
 * A second app process for multi-process tests, run from dist/ with `child_process.fork`. It
 * serves the OAuth routes on 127.0.0.1 with its own Redis client and runs requests that the
 * parent sends over the IPC channel. Configuration comes from environment variables the parent sets.
 *
 * Messages in: { id, op: 'startAuthorization' | 'getAccessToken', slackUser } and
 * { id, op: 'setClockOffset', offsetMs }. Each gets { id, result } or { id, error: { name, message } }.
 * On start it sends { ready: true, url }.
 */
import { RedisStore } from '../../src/connections/redis-store.js';
import { createLogger } from '../../src/logging/logger.js';
import { startConnectionsTestApp } from './connections-test-app.js';

export interface WorkerRequest {
  id: number;
  op: 'startAuthorization' | 'getAccessToken' | 'setClockOffset';
  slackUser?: { teamId: string; userId: string };
  offsetMs?: number;
}

export type WorkerReply =
  | { ready: true; url: string }
  | { id: number; result: unknown }
  | { id: number; error: { name: string; message: string } };

async function main(): Promise<void> {
  const env = process.env;
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`connections-worker: ${name} is missing`);
    return value;
  };

  let clockOffsetMs = 0;
  const logger = createLogger({ level: 'warn', format: 'json', destination: process.stderr });
  const store = new RedisStore({ url: required('REDIS_URL'), logger, namespace: required('STORE_NAMESPACE') });
  const app = await startConnectionsTestApp({
    store,
    logger,
    oauthUrl: required('BITBUCKET_OAUTH_URL'),
    apiUrl: required('BITBUCKET_API_URL'),
    clientId: required('BITBUCKET_CLIENT_ID'),
    clientSecret: required('BITBUCKET_CLIENT_SECRET'),
    encryptionKey: Buffer.from(required('TOKEN_ENCRYPTION_KEY'), 'base64'),
    redirectUri: env.BITBUCKET_OAUTH_REDIRECT_URI,
    now: () => Date.now() + clockOffsetMs,
  });

  const send = (reply: WorkerReply) => process.send?.(reply);

  process.on('message', (message: WorkerRequest) => {
    void (async () => {
      try {
        let result: unknown;
        if (message.op === 'setClockOffset') {
          clockOffsetMs = message.offsetMs ?? 0;
        } else if (message.op === 'startAuthorization') {
          result = await app.service.startAuthorization(message.slackUser!);
        } else {
          const source = await app.service.getTokenSource(message.slackUser!);
          result = await source.tokens.getAccessToken();
        }
        send({ id: message.id, result });
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        send({ id: message.id, error: { name: failure.name, message: failure.message } });
      }
    })();
  });

  process.on('disconnect', () => {
    void app.close().then(() => store.close()).finally(() => process.exit(0));
  });

  send({ ready: true, url: app.url });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
