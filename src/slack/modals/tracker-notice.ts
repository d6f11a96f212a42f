import type { types } from '@slack/bolt';

import { BLOCK_IDS } from '../ids.js';
import type { TrackerAvailability } from '../issues/issue-tracker.js';
import { buildSection } from '../render/blocks.js';
import { escapeMrkdwn } from '../render/mrkdwn.js';

/** Builds the section that explains, before anything is submitted, why issues cannot be used. Returns no blocks when they can. */
export function buildTrackerNotice(availability: TrackerAvailability | undefined): types.KnownBlock[] {
  if (availability === undefined || availability.available) return [];
  const section = buildSection(`:no_entry: *Issues are unavailable here.* ${escapeMrkdwn(availability.explanation)}`);
  section.block_id = BLOCK_IDS.modal.notice;
  return [section];
}
