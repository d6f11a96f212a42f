import type { ActionResult } from '../../src/actions/action.js';
import { executeAction, runAction, type ActionOutcome } from '../../src/actions/registry.js';
import { BitbucketClient } from '../../src/bitbucket/client.js';
import type { TokenSource } from '../../src/bitbucket/token-source.js';
import { startFakeBitbucket, type FakeBitbucket, type FakeUser, type FakeWorkspace } from './fake-bitbucket/index.js';
import { createCapturingLogger } from './test-logger.js';

/** A token source over the fake's OAuth tokens that counts refreshes and issues a new token on each. */
export interface RefreshingTokens extends TokenSource {
  current: string;
  refreshes: number;
}

/**
 * The fake Bitbucket with one user (Alice, administrator of workspace `acme`) and a Bitbucket
 * client with short timeouts and no real back-off waits, for action tests.
 */
export interface ActionHarness {
  bb: FakeBitbucket;
  alice: FakeUser;
  acme: FakeWorkspace;
  client: BitbucketClient;
  tokens: RefreshingTokens;
  logs: ReturnType<typeof createCapturingLogger>;
  /** Back-off waits the client requested, in milliseconds. */
  waits: number[];
  run(slug: string, params: unknown, tokens?: TokenSource): Promise<ActionResult>;
  runTyped(slug: string, params: unknown, tokens?: TokenSource): Promise<ActionOutcome>;
  /** Returns the API requests the fake received, as "METHOD /path" without `/2.0`. */
  requestLines(): string[];
  close(): Promise<void>;
}

export async function startActionHarness(options: { timeoutMs?: number; pagelen?: number } = {}): Promise<ActionHarness> {
  const bb = await startFakeBitbucket();
  const alice = bb.addUser({ display_name: 'Alice Example', nickname: 'alice' });
  const acme = bb.addWorkspace({ slug: 'acme', name: 'Acme' });
  bb.addMember(acme, alice, { administrator: true });

  const logs = createCapturingLogger('debug');
  const waits: number[] = [];
  const client = new BitbucketClient({
    baseUrl: bb.apiUrl,
    timeoutMs: options.timeoutMs ?? 2_000,
    logger: logs.logger,
    pagelen: options.pagelen,
    retry: {
      sleep: async (ms) => {
        waits.push(ms);
      },
    },
  });

  const tokens: RefreshingTokens = {
    description: 'test access token',
    current: bb.issueToken(alice).access_token,
    refreshes: 0,
    getAccessToken: async () => tokens.current,
    refreshAfterUnauthorized: async () => {
      tokens.refreshes += 1;
      tokens.current = bb.issueToken(alice).access_token;
      return tokens.current;
    },
  };

  return {
    bb,
    alice,
    acme,
    client,
    tokens,
    logs,
    waits,
    run: (slug, params, source = tokens) => executeAction(slug, params, { client, tokens: source, logger: logs.logger }),
    runTyped: (slug, params, source = tokens) => runAction(slug, params, { client, tokens: source, logger: logs.logger }),
    requestLines: () =>
      bb.requests.map((request) => `${request.method} ${request.path.replace(/^\/2\.0/, '')}`),
    close: () => bb.close(),
  };
}

/** Creates a token source for a fixed token that cannot be refreshed. */
export function fixedTokens(token: string): TokenSource {
  return { description: 'fixed test token', getAccessToken: async () => token };
}
