import type { ViewSubmitAction } from '@slack/bolt';

import { slackOwnerId, type SlackUserRef } from '../../connections/keys.js';
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
  /**
   * Undefined when the context expired, could not be read or belongs to another user; the result
   * then goes to the submitting user directly.
   */
  context?: ModalContext;
  /** The user who opened the modal, when that is not the submitting user; their context is not used. */
  otherRequester?: SlackUserRef;
  origin: ModalOrigin;
  /** response_url of the channel picked in the form, if any. */
  pickedResponseUrl?: string;
}

/**
 * Reads the submitting user, the modal's context and the picked channel's response_url. A context
 * opened by another user is left out, so a submission never posts in another user's channel or
 * files another user's message.
 */
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

  let otherRequester: SlackUserRef | undefined;
  if (context !== undefined && !isSameUser(context.requester, slackUser)) {
    deps.logger.warn(
      { slackTeamId: slackUser.teamId, slackUserId: slackUser.userId, requesterUserId: context.requester.userId, form: context.form },
      'a user submitted a form that another user opened; its context is not used',
    );
    otherRequester = context.requester;
    context = undefined;
  }

  const picked = body.response_urls?.find((entry) => entry.block_id === BLOCK_IDS.modal.announceChannel)?.response_url;
  return {
    slackUser,
    contextId,
    ...(context === undefined ? {} : { context }),
    ...(otherRequester === undefined ? {} : { otherRequester }),
    origin: context?.origin ?? {},
    ...(picked === undefined ? {} : { pickedResponseUrl: picked }),
  };
}

function isSameUser(left: SlackUserRef, right: SlackUserRef): boolean {
  return slackOwnerId(left) === slackOwnerId(right) && left.userId === right.userId;
}

/** Returns the field error for a choice that has no usable value, e.g. "Pick a repository from the list." */
export function describeChoiceProblem(choice: ChoiceValue, noun: string): string | undefined {
  if (choice.ok) return undefined;
  if (choice.problem === 'expired') return `This ${noun} was picked too long ago. Pick it again.`;
  return `Pick ${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun} from the list.`;
}
