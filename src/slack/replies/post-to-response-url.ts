import type { SlackMessage } from '../render/blocks.js';
import type { PostJson } from './post-json.js';

/** A reply sent through a `response_url`. Ephemeral unless `inChannel` is set. */
export interface ResponseUrlReply extends SlackMessage {
  inChannel?: boolean;
  /** Replaces the message the interaction came from (message buttons only). */
  replaceOriginal?: boolean;
  deleteOriginal?: boolean;
  /** Posts into this thread; Slack honours it for message interactions. */
  threadTs?: string;
}

/** Slack refused or failed a response_url post; the reply did not arrive. */
export class ResponseUrlError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ResponseUrlError';
  }
}

/**
 * Posts a reply to a `response_url`. It works in DMs and in channels the bot is not a member of,
 * up to 5 times within 30 minutes of the original request. `postJson` must time out on its own.
 */
export async function postToResponseUrl(postJson: PostJson, responseUrl: string, reply: ResponseUrlReply): Promise<void> {
  const body: Record<string, unknown> = {
    text: reply.text,
    blocks: reply.blocks,
    response_type: reply.inChannel ? 'in_channel' : 'ephemeral',
  };
  if (reply.replaceOriginal !== undefined) body.replace_original = reply.replaceOriginal;
  if (reply.deleteOriginal) body.delete_original = true;
  if (reply.threadTs) body.thread_ts = reply.threadTs;

  const response = await postJson(responseUrl, JSON.stringify(body));
  if (response.status < 200 || response.status > 299) {
    throw new ResponseUrlError(`Slack rejected the reply with HTTP ${response.status}: ${response.body.slice(0, 200)}`, response.status);
  }
}
