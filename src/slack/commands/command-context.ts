import type { WebClient } from '@slack/web-api';

import type { SlackUserRef } from '../../connections/keys.js';
import type { ResponseUrlReply } from '../replies/post-to-response-url.js';

/** A command being handled, whether typed just now or replayed after the user connected. */
export interface CommandContext {
  slackUser: SlackUserRef;
  /** Slack user name, shown on the connect confirmation page. */
  userName?: string;
  channelId: string;
  /** The command text after `/bitbucket`, as Slack sent it. */
  text: string;
  responseUrl: string;
  /** Present only while the original request is fresh (3 s); a replayed command has none. */
  triggerId?: string;
  /** Web API client with the workspace's bot token. */
  client: WebClient;
  /** Sends a reply through the response_url (ephemeral unless `inChannel`). */
  reply(message: ResponseUrlReply): Promise<void>;
}
