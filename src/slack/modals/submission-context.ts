import type { ViewSubmitAction } from '@slack/bolt';

import type { SlackUserRef } from '../../connections/keys.js';
import { slackUserOf } from '../listeners/slack-user-of.js';
import type { SlackDependencies } from '../slack-dependencies.js';
import { loadModalContext, type ModalContext, type ModalOrigin } from './modal-context.js';
import type { ChoiceValue } from './option-choice.js';
import { decodeModalMetadata } from './private-metadata.js';
import { BLOCK_IDS } from '../ids.js';

/** The user, context and channel every form submission starts from. */
export interface SubmissionContext {
  slackUser: SlackUserRef;
  /** Id of the modal's context, also when the context itself is gone. */
  contextId: string;
  /** Undefined when the context expired or could not be read; the result then goes to the user directly. */
  context?: ModalContext;
  origin: ModalOrigin;
  /** response_url of the channel picked in the form, if any. */
  pickedResponseUrl?: string;
}

/** Reads the submitting user, the modal's context and the picked channel's response_url. */
export async function loadSubmissionContext(deps: SlackDependencies, body: ViewSubmitAction): Promise<SubmissionContext> {
  const slackUser = slackUserOf(body);
  const contextId = decodeModalMetadata(body.view.private_metadata)?.contextId ?? '';

  let context: ModalContext | undefined;
  if (contextId !== '') {
    try {
      context = await loadModalContext(deps.store, contextId);
    } catch (error) {
      deps.logger.warn({ err: error, slackUserId: slackUser.userId }, 'could not read a modal context; the result goes to the user directly');
    }
  }

  const picked = body.response_urls?.find((entry) => entry.block_id === BLOCK_IDS.modal.announceChannel)?.response_url;
  return {
    slackUser,
    contextId,
    ...(context === undefined ? {} : { context }),
    origin: context?.origin ?? {},
    ...(picked === undefined ? {} : { pickedResponseUrl: picked }),
  };
}

/** Returns the field error for a choice that has no usable value, e.g. "Pick a repository from the list." */
export function describeChoiceProblem(choice: ChoiceValue, noun: string): string | undefined {
  if (choice.ok) return undefined;
  if (choice.problem === 'expired') return `This ${noun} was picked too long ago. Pick it again.`;
  return `Pick ${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun} from the list.`;
}
