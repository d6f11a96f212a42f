import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createConnectionService } from '../../src/connections/create-connection-service.js';
import { createStore } from '../../src/connections/create-store.js';
import { connectThroughBrowser, startConnectionsTestApp } from '../support/connections-test-app.js';
import { startFakeBitbucket, type FakeBitbucket, type FakeUser } from '../support/fake-bitbucket/index.js';
import { SHARED_REDIS_URL } from '../support/redis-test-namespace.js';
import { createCapturingLogger } from '../support/test-logger.js';

describe('createConnectionService', () => {
  const { logger, text } = createCapturingLogger();
  const directories: string[] = [];
  let bb: FakeBitbucket;
  let alice: FakeUser;

  const createDataDir = () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'bbslack-service-'));
    directories.push(directory);
    return directory;
  };

  beforeAll(async () => {
    bb = await startFakeBitbucket();
    alice = bb.addUser({ display_name: 'Alice Liddell', nickname: 'alice' });
    bb.registerOAuthClient({ clientId: 'client-1', clientSecret: 'secret-1', callbackUrl: 'http://127.0.0.1' });
    bb.setAuthorizingUser(alice);
  });

  afterAll(async () => {
    await bb.close();
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  });

  it('embedded store keeps connections across restarts', async () => {
    const dataDir = createDataDir();
    const slackUser = { teamId: 'T1', userId: 'U1' };
    const startApp = (store: ReturnType<typeof createStore>) =>
      startConnectionsTestApp({
        store,
        logger,
        oauthUrl: bb.oauthUrl,
        apiUrl: bb.apiUrl,
        clientId: 'client-1',
        clientSecret: 'secret-1',
        dataDir,
      });

    // First run: the key is generated in DATA_DIR, and the user connects through the browser.
    const firstStore = createStore({ dataDir, logger });
    expect(firstStore.kind).toBe('embedded');
    const first = await startApp(firstStore);
    await connectThroughBrowser(first, slackUser);
    await first.close();
    await firstStore.close();
    expect(existsSync(path.join(dataDir, 'token-encryption.key'))).toBe(true);
    expect(text()).toContain('using the embedded store');

    // Second run: the same key file decrypts the stored tokens.
    const secondStore = createStore({ dataDir, logger });
    const second = await startApp(secondStore);
    expect((await second.service.getConnection(slackUser))?.account.nickname).toBe('alice');
    const token = await (await second.service.getTokenSource(slackUser)).tokens.getAccessToken();
    expect(bb.state.accessTokens.get(token)?.user.uuid).toBe(alice.uuid);
    await second.close();
    await secondStore.close();
  });

  it('Redis without key is rejected', async () => {
    const store = createStore({ redisUrl: SHARED_REDIS_URL, dataDir: createDataDir(), logger, namespace: 'unused' });
    try {
      expect(() =>
        createConnectionService({
          store,
          storeConfig: { redisUrl: SHARED_REDIS_URL, dataDir: '/nonexistent' },
          bitbucket: {
            apiUrl: bb.apiUrl,
            oauthUrl: bb.oauthUrl,
            redirectUri: 'http://127.0.0.1/cb',
            scopes: [],
            requestTimeoutMs: 5_000,
          },
          logger,
        }),
      ).toThrow(/TOKEN_ENCRYPTION_KEY is missing/);
    } finally {
      await store.close();
    }
  });
});
