import { buildFallbackText, buildSection } from '../render/blocks.js';
import { postToResponseUrl } from '../replies/post-to-response-url.js';
import type { SlackDependencies } from '../slack-dependencies.js';

/** Message shown to a user whose request was not run because the work queue is full. */
export const BUSY_TEXT = 'The Bitbucket app is busy and did not run this. Try again in a minute.';

/**
 * Tells the user through `responseUrl` that their request was not run because the work queue is
 * full, and logs the rejection. The post starts at once, because it is small and the queue has
 * no room for it.
 */
export async function replyBusy(deps: SlackDependencies, responseUrl: string, logFields: Record<string, unknown>): Promise<void> {
  deps.logger.warn({ ...logFields, queued: deps.pendingWork.queued }, 'rejected a Slack request: the work queue is full');
  await deps.pendingWork.track(
    postToResponseUrl(deps.postJson, responseUrl, { text: buildFallbackText(BUSY_TEXT), blocks: [buildSection(BUSY_TEXT)], replaceOriginal: false }).catch(
      (error: unknown) => deps.logger.warn({ ...logFields, err: error }, 'could not tell the user that the app is busy'),
    ),
  );
}
