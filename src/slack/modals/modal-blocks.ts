import type { types } from '@slack/bolt';

import { ACTION_IDS, BLOCK_IDS } from '../ids.js';
import { buildContext } from '../render/blocks.js';
import { escapeMrkdwn, truncate } from '../render/mrkdwn.js';
import { encodeModalMetadata } from './private-metadata.js';

/** Slack's limits for modals and their elements, from the @slack/types 3.2.0 doc comments. */
export const MODAL_LIMITS = {
  title: 24,
  button: 24,
  label: 2000,
  hint: 2000,
  placeholder: 150,
  optionText: 75,
  /** @slack/types caps option values at 75; Slack's own reference is reported to allow 150. */
  optionValue: 75,
  textInput: 3000,
  blocks: 100,
} as const;

/** A select option: plain text cut to 75 characters; `value` must already fit in 75. */
export function buildOption(text: string, value: string, description?: string): types.PlainTextOption {
  const option: types.PlainTextOption = { text: plainText(truncate(text, MODAL_LIMITS.optionText)), value };
  if (description !== undefined && description !== '') option.description = plainText(truncate(description, MODAL_LIMITS.optionText));
  return option;
}

interface InputBlockOptions {
  blockId: string;
  label: string;
  optional?: boolean;
  hint?: string;
  /** Sends block_actions as soon as the value changes, so the form can react. */
  dispatchAction?: boolean;
}

/** Builds a plain text input; `initialValue` is cut to `maxLength`. */
export function buildTextInput(
  options: InputBlockOptions & { initialValue?: string; multiline?: boolean; maxLength?: number; placeholder?: string },
): types.InputBlock {
  const maxLength = options.maxLength ?? MODAL_LIMITS.textInput;
  const element: types.PlainTextInput = { type: 'plain_text_input', action_id: ACTION_IDS.textInput, max_length: maxLength };
  if (options.multiline === true) element.multiline = true;
  if (options.initialValue !== undefined && options.initialValue !== '') element.initial_value = truncate(options.initialValue, maxLength);
  if (options.placeholder !== undefined) element.placeholder = plainText(truncate(options.placeholder, MODAL_LIMITS.placeholder));
  return buildInputBlock(options, element);
}

/** Builds a select whose options the app loads as the user types (`app.options`). */
export function buildExternalSelectInput(
  options: InputBlockOptions & { actionId: string; placeholder: string; initialOption?: types.PlainTextOption; minQueryLength?: number },
): types.InputBlock {
  const element: types.ExternalSelect = {
    type: 'external_select',
    action_id: options.actionId,
    placeholder: plainText(truncate(options.placeholder, MODAL_LIMITS.placeholder)),
    min_query_length: options.minQueryLength ?? 0,
  };
  if (options.initialOption !== undefined) element.initial_option = options.initialOption;
  return buildInputBlock(options, element);
}

/** Builds a multi-select whose options the app loads as the user types. */
export function buildMultiExternalSelectInput(
  options: InputBlockOptions & { actionId: string; placeholder: string; initialOptions?: types.PlainTextOption[] },
): types.InputBlock {
  const element: types.MultiExternalSelect = {
    type: 'multi_external_select',
    action_id: options.actionId,
    placeholder: plainText(truncate(options.placeholder, MODAL_LIMITS.placeholder)),
    min_query_length: 0,
  };
  if (options.initialOptions !== undefined && options.initialOptions.length > 0) element.initial_options = options.initialOptions;
  return buildInputBlock(options, element);
}

/** Builds a select with fixed options; `initialValue` picks one of them. */
export function buildStaticSelectInput(
  options: InputBlockOptions & { placeholder: string; choices: types.PlainTextOption[]; initialValue?: string },
): types.InputBlock {
  const element: types.StaticSelect = {
    type: 'static_select',
    action_id: ACTION_IDS.choiceInput,
    placeholder: plainText(truncate(options.placeholder, MODAL_LIMITS.placeholder)),
    options: options.choices,
  };
  const initial = options.choices.find((choice) => choice.value === options.initialValue);
  if (initial !== undefined) element.initial_option = initial;
  return buildInputBlock(options, element);
}

/** Builds one checkbox, ticked when `checked` is true. */
export function buildCheckboxInput(options: InputBlockOptions & { text: string; value: string; checked: boolean }): types.InputBlock {
  const choice = buildOption(options.text, options.value);
  const element: types.Checkboxes = { type: 'checkboxes', action_id: ACTION_IDS.choiceInput, options: [choice] };
  if (options.checked) element.initial_options = [choice];
  return buildInputBlock({ ...options, optional: true }, element);
}

/**
 * Builds the "Post the result in" channel picker for forms opened from the global shortcut, which
 * carries no channel. With `response_url_enabled`, Slack sends a response_url for the chosen
 * channel with the submission, so the app can post there without being a member.
 */
export function buildAnnounceChannelInput(): types.InputBlock {
  const element: types.ConversationsSelect = {
    type: 'conversations_select',
    action_id: ACTION_IDS.announceChannelSelect,
    placeholder: plainText('Pick a channel'),
    default_to_current_conversation: true,
    response_url_enabled: true,
  };
  return buildInputBlock(
    {
      blockId: BLOCK_IDS.modal.announceChannel,
      label: 'Post the result in',
      optional: true,
      hint: 'Without a channel, the result comes to you as a direct message.',
    },
    element,
  );
}

/**
 * Problems shown in a form that is shown again, e.g. after Bitbucket rejected a submission too
 * late for a `response_action: 'errors'` response. `notice` blocks go first, and each field error
 * goes in a context line under the input block it names.
 */
export interface FormFeedback {
  notice?: types.KnownBlock[];
  /** Messages by block id, as in a `response_action: 'errors'` ack. */
  fieldErrors?: Record<string, string>;
}

/** Builds a modal. `contextId`, when given, goes into `private_metadata`; a view with inputs needs `submit`. */
export function buildModal(options: {
  callbackId: string;
  title: string;
  blocks: types.KnownBlock[];
  contextId?: string;
  submit?: string;
  close?: string;
  feedback?: FormFeedback;
}): types.ModalView {
  const blocks = options.feedback === undefined ? options.blocks : addFeedback(options.blocks, options.feedback);
  const view: types.ModalView = {
    type: 'modal',
    callback_id: options.callbackId,
    title: plainText(truncate(options.title, MODAL_LIMITS.title)),
    close: plainText(truncate(options.close ?? 'Cancel', MODAL_LIMITS.button)),
    blocks: blocks.slice(0, MODAL_LIMITS.blocks),
  };
  if (options.contextId !== undefined) view.private_metadata = encodeModalMetadata({ contextId: options.contextId });
  if (options.submit !== undefined) view.submit = plainText(truncate(options.submit, MODAL_LIMITS.button));
  return view;
}

/** Builds a plain text object; Slack renders emoji codes such as `:warning:` in it. */
export function plainText(text: string): types.PlainTextElement {
  return { type: 'plain_text', text, emoji: true };
}

function addFeedback(blocks: types.KnownBlock[], feedback: FormFeedback): types.KnownBlock[] {
  const errors = feedback.fieldErrors ?? {};
  const result: types.KnownBlock[] = [...(feedback.notice ?? [])];
  for (const block of blocks) {
    result.push(block);
    const message = block.type === 'input' && block.block_id !== undefined ? errors[block.block_id] : undefined;
    if (message !== undefined) result.push(buildContext(`:warning: ${escapeMrkdwn(message)}`));
  }
  return result;
}

function buildInputBlock(options: InputBlockOptions, element: types.InputBlockElement): types.InputBlock {
  const block: types.InputBlock = {
    type: 'input',
    block_id: options.blockId,
    label: plainText(truncate(options.label, MODAL_LIMITS.label)),
    element,
  };
  if (options.optional === true) block.optional = true;
  if (options.dispatchAction === true) block.dispatch_action = true;
  if (options.hint !== undefined && options.hint !== '') block.hint = plainText(truncate(options.hint, MODAL_LIMITS.hint));
  return block;
}
