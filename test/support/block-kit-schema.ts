/**
 * A zod schema of Slack's Block Kit limits for the blocks, elements and surfaces this app emits.
 * Slack publishes no JSON Schema and validates only on its servers (`invalid_blocks`), so tests
 * run every renderer and modal builder through `expectValidMessage` / `expectValidView`.
 *
 * Limits come from the doc comments of @slack/types 3.2.0, the version @slack/bolt 5.1.0 installs.
 * Lengths are JavaScript string lengths (UTF-16 code units), never less than Slack's character
 * count. Objects are strict, so a misspelt field fails here rather than in Slack.
 */
import { z } from 'zod';

/** The app's own bound for a message's `text`; Slack truncates only beyond 40,000 characters. */
export const MESSAGE_TEXT_MAX = 4000;
export const MESSAGE_BLOCKS_MAX = 50;
export const VIEW_BLOCKS_MAX = 100;

const idString = z.string().min(1).max(255);

/** Builds the schema of a `plain_text` object whose text has at most `max` characters. */
function plainText(max: number) {
  return z.strictObject({
    type: z.literal('plain_text'),
    text: z.string().min(1).max(max),
    emoji: z.boolean().optional(),
  });
}

/** Builds the schema of a `mrkdwn` object whose text has at most `max` characters. */
function mrkdwnText(max: number) {
  return z.strictObject({
    type: z.literal('mrkdwn'),
    text: z.string().min(1).max(max),
    verbatim: z.boolean().optional(),
  });
}

function textObject(max: number) {
  return z.discriminatedUnion('type', [plainText(max), mrkdwnText(max)]);
}

const httpUrl = z
  .string()
  .max(3000)
  .regex(/^https?:\/\//, 'must be an http(s) URL');

export const confirmDialogSchema = z.strictObject({
  title: plainText(100),
  text: textObject(300),
  confirm: plainText(30),
  deny: plainText(30),
  style: z.enum(['primary', 'danger']).optional(),
});

export const buttonSchema = z.strictObject({
  type: z.literal('button'),
  text: plainText(75),
  action_id: idString.optional(),
  value: z.string().max(2000).optional(),
  url: httpUrl.optional(),
  style: z.enum(['primary', 'danger']).optional(),
  confirm: confirmDialogSchema.optional(),
  accessibility_label: z.string().max(75).optional(),
});

/** An option of a select menu: plain text only, text and value at most 75 characters. */
export const optionSchema = z.strictObject({
  text: plainText(75),
  // @slack/types caps `value` at 75 characters. Slack's option reference is reported to allow
  // 150, so the stricter bound applies until one of them is confirmed.
  value: z.string().min(1).max(75),
  description: plainText(75).optional(),
  url: httpUrl.optional(),
});

/** An option of checkboxes or radio buttons, which may also use mrkdwn text. */
const choiceOptionSchema = optionSchema.extend({ text: textObject(75), description: textObject(75).optional() });

const optionGroupSchema = z.strictObject({
  label: plainText(75),
  options: z.array(optionSchema).min(1).max(100),
});

const placeholder = plainText(150);

export const staticSelectSchema = z
  .strictObject({
    type: z.literal('static_select'),
    action_id: idString.optional(),
    placeholder: placeholder.optional(),
    options: z.array(optionSchema).min(1).max(100).optional(),
    option_groups: z.array(optionGroupSchema).min(1).max(100).optional(),
    initial_option: optionSchema.optional(),
    confirm: confirmDialogSchema.optional(),
    focus_on_load: z.boolean().optional(),
  })
  .refine((select) => (select.options === undefined) !== (select.option_groups === undefined), {
    message: 'a static_select needs exactly one of options and option_groups',
  });

export const externalSelectSchema = z.strictObject({
  type: z.literal('external_select'),
  action_id: idString.optional(),
  placeholder: placeholder.optional(),
  initial_option: optionSchema.optional(),
  min_query_length: z.number().int().min(0).optional(),
  confirm: confirmDialogSchema.optional(),
  focus_on_load: z.boolean().optional(),
});

export const multiExternalSelectSchema = z.strictObject({
  type: z.literal('multi_external_select'),
  action_id: idString.optional(),
  placeholder: placeholder.optional(),
  initial_options: z.array(optionSchema).max(100).optional(),
  min_query_length: z.number().int().min(0).optional(),
  max_selected_items: z.number().int().min(1).optional(),
  confirm: confirmDialogSchema.optional(),
  focus_on_load: z.boolean().optional(),
});

export const conversationsSelectSchema = z.strictObject({
  type: z.literal('conversations_select'),
  action_id: idString.optional(),
  placeholder: placeholder.optional(),
  initial_conversation: z.string().optional(),
  default_to_current_conversation: z.boolean().optional(),
  response_url_enabled: z.boolean().optional(),
  filter: z
    .strictObject({
      include: z.array(z.enum(['im', 'mpim', 'private', 'public'])).optional(),
      exclude_external_shared_channels: z.boolean().optional(),
      exclude_bot_users: z.boolean().optional(),
    })
    .optional(),
  focus_on_load: z.boolean().optional(),
});

export const checkboxesSchema = z.strictObject({
  type: z.literal('checkboxes'),
  action_id: idString.optional(),
  options: z.array(choiceOptionSchema).min(1).max(10),
  initial_options: z.array(choiceOptionSchema).max(10).optional(),
  confirm: confirmDialogSchema.optional(),
  focus_on_load: z.boolean().optional(),
});

export const radioButtonsSchema = z.strictObject({
  type: z.literal('radio_buttons'),
  action_id: idString.optional(),
  options: z.array(choiceOptionSchema).min(1).max(10),
  initial_option: choiceOptionSchema.optional(),
  confirm: confirmDialogSchema.optional(),
  focus_on_load: z.boolean().optional(),
});

export const plainTextInputSchema = z
  .strictObject({
    type: z.literal('plain_text_input'),
    action_id: idString.optional(),
    placeholder: placeholder.optional(),
    initial_value: z.string().optional(),
    multiline: z.boolean().optional(),
    min_length: z.number().int().min(0).max(3000).optional(),
    max_length: z.number().int().min(1).max(3000).optional(),
    dispatch_action_config: z
      .strictObject({ trigger_actions_on: z.array(z.enum(['on_enter_pressed', 'on_character_entered'])) })
      .optional(),
    focus_on_load: z.boolean().optional(),
  })
  .refine((input) => input.initial_value === undefined || input.initial_value.length <= (input.max_length ?? 3000), {
    message: 'initial_value is longer than max_length',
  });

const imageElementSchema = z.strictObject({
  type: z.literal('image'),
  image_url: httpUrl,
  alt_text: z.string().min(1).max(2000),
});

const selectElements = [staticSelectSchema, externalSelectSchema, multiExternalSelectSchema, conversationsSelectSchema] as const;

const sectionAccessorySchema = z.discriminatedUnion('type', [buttonSchema, imageElementSchema, checkboxesSchema, radioButtonsSchema, ...selectElements]);

export const sectionBlockSchema = z
  .strictObject({
    type: z.literal('section'),
    block_id: idString.optional(),
    text: textObject(3000).optional(),
    fields: z.array(textObject(2000)).min(1).max(10).optional(),
    accessory: sectionAccessorySchema.optional(),
    expand: z.boolean().optional(),
  })
  .refine((section) => section.text !== undefined || section.fields !== undefined, {
    message: 'a section needs text or fields',
  });

export const headerBlockSchema = z.strictObject({
  type: z.literal('header'),
  block_id: idString.optional(),
  text: plainText(150),
});

export const contextBlockSchema = z.strictObject({
  type: z.literal('context'),
  block_id: idString.optional(),
  elements: z.array(z.discriminatedUnion('type', [plainText(3000), mrkdwnText(3000), imageElementSchema])).min(1).max(10),
});

export const dividerBlockSchema = z.strictObject({
  type: z.literal('divider'),
  block_id: idString.optional(),
});

export const actionsBlockSchema = z.strictObject({
  type: z.literal('actions'),
  block_id: idString.optional(),
  elements: z
    .array(z.discriminatedUnion('type', [buttonSchema, checkboxesSchema, radioButtonsSchema, ...selectElements]))
    .min(1)
    .max(25),
});

export const inputBlockSchema = z.strictObject({
  type: z.literal('input'),
  block_id: idString.optional(),
  label: plainText(2000),
  hint: plainText(2000).optional(),
  optional: z.boolean().optional(),
  dispatch_action: z.boolean().optional(),
  element: z.discriminatedUnion('type', [plainTextInputSchema, checkboxesSchema, radioButtonsSchema, ...selectElements]),
});

export const blockSchema = z.discriminatedUnion('type', [
  sectionBlockSchema,
  headerBlockSchema,
  contextBlockSchema,
  dividerBlockSchema,
  actionsBlockSchema,
  inputBlockSchema,
]);

/** Block ids must be unique within a message or view; Slack rejects duplicates. */
function hasUniqueBlockIds(blocks: Array<{ block_id?: string | undefined }>): boolean {
  const ids = blocks.map((block) => block.block_id).filter((id) => id !== undefined);
  return new Set(ids).size === ids.length;
}

/**
 * A message body as the app sends it with chat.postMessage, chat.update or a response_url. Other
 * top-level fields (response_type, thread_ts, ...) pass through unchecked.
 */
export const messageSchema = z.looseObject({
  text: z.string().min(1).max(MESSAGE_TEXT_MAX),
  blocks: z.array(blockSchema).max(MESSAGE_BLOCKS_MAX).refine(hasUniqueBlockIds, 'block ids must be unique').optional(),
});

/** A modal view for views.open, views.update and views.push. */
export const viewSchema = z
  .strictObject({
    type: z.literal('modal'),
    title: plainText(24),
    submit: plainText(24).optional(),
    close: plainText(24).optional(),
    blocks: z.array(blockSchema).max(VIEW_BLOCKS_MAX).refine(hasUniqueBlockIds, 'block ids must be unique'),
    private_metadata: z.string().max(3000).optional(),
    callback_id: idString.optional(),
    external_id: idString.optional(),
    clear_on_close: z.boolean().optional(),
    notify_on_close: z.boolean().optional(),
    submit_disabled: z.boolean().optional(),
  })
  .refine((view) => view.submit !== undefined || !view.blocks.some((block) => block.type === 'input'), {
    message: 'a modal with an input block needs submit',
    path: ['submit'],
  });

/** Throws an assertion error listing every violation when `message` breaks a Block Kit limit. */
export function expectValidMessage(message: unknown): void {
  assertValid(messageSchema, message, 'message');
}

/** Throws an assertion error listing every violation when `view` breaks a Block Kit limit. */
export function expectValidView(view: unknown): void {
  assertValid(viewSchema, view, 'view');
}

function assertValid(schema: z.ZodType, value: unknown, surface: string): void {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new Error(`Invalid Block Kit ${surface}:\n${z.prettifyError(result.error)}`);
  }
}
