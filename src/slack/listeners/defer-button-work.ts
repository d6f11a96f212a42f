import type { BlockAction } from '@slack/bolt';

import type { SlackDependencies } from '../slack-dependencies.js';
import { replyBusy } from './busy-reply.js';

/**
 * Queues the work of a pressed message button in the work queue. When the queue is full, a
 * message goes to the user through the button's response_url, because a button's acknowledgement
 * cannot carry one.
 */
export async function deferButtonWork(deps: SlackDependencies, body: BlockAction, name: string, work: () => Promise<void>): Promise<void> {
  if (deps.pendingWork.defer(name, work)) return;
  await replyBusy(deps, body.response_url, { slackTeamId: body.team?.id, slackUserId: body.user.id, task: name });
}
