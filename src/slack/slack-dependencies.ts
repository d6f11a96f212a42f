import type { WebClient } from '@slack/web-api';

import type { BitbucketClient } from '../bitbucket/client.js';
import type { ConnectionService } from '../connections/connection-service.js';
import type { SlackUserRef } from '../connections/keys.js';
import type { Store } from '../connections/store.js';
import type { Logger } from '../logging/logger.js';
import type { PendingWork } from './pending-work.js';
import type { PostJson } from './replies/post-json.js';

/** What every Slack listener receives from the composition root. */
export interface SlackDependencies {
  logger: Logger;
  store: Store;
  bitbucket: BitbucketClient;
  connections: ConnectionService;
  /** Work still running after an ack; shutdown waits for it. */
  pendingWork: PendingWork;
  /** Posts JSON to a response_url, with the same timeout as Slack's Web API calls. */
  postJson: PostJson;
  /** Returns a Web API client with the bot token of the user's workspace, for work outside a listener. */
  getSlackClient(slackUser: SlackUserRef): Promise<WebClient>;
  /** Clock in epoch milliseconds. */
  now: () => number;
}
