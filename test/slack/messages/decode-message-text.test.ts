import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RedisStore } from '../../../src/connections/redis-store.js';
import { decodeMessageText } from '../../../src/slack/messages/decode-message-text.js';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack.js';
import { createTestNamespace, deleteTestNamespaces, SHARED_REDIS_URL } from '../../support/redis-test-namespace.js';
import { createCapturingLogger } from '../../support/test-logger.js';

const namespace = createTestNamespace('decode-message');
const { logger } = createCapturingLogger();
const store = new RedisStore({ url: SHARED_REDIS_URL, logger, namespace });
let slack: FakeSlack;
let client: WebClient;

beforeAll(async () => {
  slack = await startFakeSlack();
  client = new WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
});

afterAll(async () => {
  await slack.close();
  await store.close();
  await deleteTestNamespaces([namespace]);
});

function decode(text: string, teamId: string): Promise<string> {
  return decodeMessageText(text, { client, store, logger, slackUser: { teamId, userId: 'U1' } });
}

describe('decodeMessageText', () => {
  it('decodes mentions, channels, links and entities once', async () => {
    const text = 'Hi <@U04B7KQ4B3P>, see <#C1|dev-team> and <https://x.test/a?b=1&amp;c=2|the run>: a &amp;lt; b &amp;&amp; c &gt; d';

    expect(await decode(text, 'T-decode')).toBe('Hi @example.user, see #dev-team and https://x.test/a?b=1&c=2: a &lt; b && c > d');
  });

  it('keeps markup characters in a user name', async () => {
    slack.respondWith('users.info', { body: { ok: true, user: { id: 'U0NAME', profile: { display_name: 'A&B <ops> | team' } } } }, 1);

    expect(await decode('ping <@U0NAME>', 'T-markup')).toBe('ping @A&B <ops>   team');
  });

  it('keeps the id when users.info fails', async () => {
    slack.failWith('users.info', 'user_not_found');

    expect(await decode('ping <@U0MISSING>', 'T-missing')).toBe('ping @U0MISSING');
    slack.clearOverrides();
  });
});
