/**
 * Drives the app's modals the way Slack does. It finds the view the app opened or updated on the
 * fake Slack, then sends block_suggestion, block_actions and view_submission payloads for it. The
 * payloads are built from Slack's documented examples, with the view's state as the user left it.
 */
import type { TestApp } from './app-harness.js';
import { TEST_USER_ID } from './app-harness.js';
import { expectValidMessage, expectValidView } from './block-kit-schema.js';
import type { RecordedSlackCall } from './fake-slack.js';
import { buildBlockActions, buildBlockSuggestion, buildViewSubmission, type Payload } from './slack-request.js';

/**
 * What the driver needs of an app: the fake Slack it calls and a way to send it a payload. A
 * TestApp has both; an app process gets them from a SlackDriver.
 */
export type ModalTarget = Pick<TestApp, 'slack' | 'interact'>;

/** A view as the app sent it to views.open, views.update or views.push, with the id Slack gave it. */
export interface SentView {
  id: string;
  hash: string;
  method: string;
  callback_id?: string;
  private_metadata?: string;
  title: { text: string };
  blocks: Array<Record<string, unknown>>;
  [field: string]: unknown;
}

/** The `state.values` of a view, as Slack reports what the user entered. */
export type StateValues = Record<string, Record<string, Record<string, unknown>>>;

const VIEW_METHODS = new Set(['views.open', 'views.update', 'views.push']);

/** Returns every view the app sent to Slack and Slack accepted, oldest first. */
export function listSentViews(testApp: ModalTarget): SentView[] {
  return testApp.slack.calls.filter((call) => VIEW_METHODS.has(call.method)).flatMap((call) => toSentView(call));
}

/** Waits until the app has sent a view that matches `predicate`, and returns the latest such view. */
export async function waitForView(testApp: ModalTarget, predicate: (view: SentView) => boolean, timeoutMs = 5_000): Promise<SentView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = listSentViews(testApp).filter(predicate).at(-1);
    if (found !== undefined) return found;
    if (Date.now() > deadline) {
      const seen = listSentViews(testApp).map((view) => `${view.method} ${view.title.text}: ${describeBlocks(view)}`);
      throw new Error(`no matching view within ${timeoutMs} ms; views sent:\n${seen.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits for a view that has an input block with `blockId` (or a version of it). */
export function waitForForm(testApp: ModalTarget, blockId: string, timeoutMs?: number): Promise<SentView> {
  return waitForView(testApp, (view) => findBlock(view, blockId) !== undefined, timeoutMs);
}

/** Returns the block whose id is `blockId` or a version of it (`blockId.suffix`). */
export function findBlock(view: SentView, blockId: string): Record<string, unknown> | undefined {
  return view.blocks.find((block) => {
    const id = block['block_id'];
    return typeof id === 'string' && (id === blockId || id.startsWith(`${blockId}.`));
  });
}

/** Returns the exact block id in `view` for `blockId`, including a version suffix. */
export function blockIdIn(view: SentView, blockId: string): string {
  const block = findBlock(view, blockId);
  if (block === undefined) throw new Error(`the view has no block ${blockId}: ${describeBlocks(view)}`);
  return block['block_id'] as string;
}

/**
 * Checks every view the app sent and every message it posted (chat.postMessage, chat.postEphemeral,
 * response_url) against the Block Kit limits.
 */
export function expectEverySurfaceValid(testApp: ModalTarget): void {
  for (const view of listSentViews(testApp)) {
    const { id: _id, hash: _hash, method: _method, ...built } = view;
    expectValidView(built);
  }
  const messageMethods = new Set(['chat.postMessage', 'chat.postEphemeral', 'response_url']);
  for (const call of testApp.slack.calls.filter((candidate) => messageMethods.has(candidate.method))) {
    if (call.body['delete_original'] === true) continue;
    expectValidMessage(call.body);
  }
}

/** Returns all text of a view's blocks, for assertions on what the user reads. */
export function readViewText(view: SentView): string {
  const texts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') texts.push(value);
        else visit(value);
      }
    }
  };
  visit(view.blocks);
  return texts.join('\n');
}

/** State value builders, one per element type. */
export const state = {
  text: (value: string | null) => ({ type: 'plain_text_input', value }),
  select: (value: string, text = value) => ({ type: 'external_select', selected_option: { text: { type: 'plain_text', text }, value } }),
  multiSelect: (options: Array<{ value: string; text?: string }>) => ({
    type: 'multi_external_select',
    selected_options: options.map((option) => ({ text: { type: 'plain_text', text: option.text ?? option.value }, value: option.value })),
  }),
  staticSelect: (value: string) => ({ type: 'static_select', selected_option: { text: { type: 'plain_text', text: value }, value } }),
  checkboxes: (values: string[]) => ({
    type: 'checkboxes',
    selected_options: values.map((value) => ({ text: { type: 'plain_text', text: value }, value })),
  }),
  conversation: (channelId: string | null) => ({ type: 'conversations_select', selected_conversation: channelId }),
};

/**
 * Builds `state.values` for `view`. `entries` maps a base block id to the element's state, and the
 * action id and the block's version suffix come from the view itself.
 */
export function buildState(view: SentView, entries: Record<string, Record<string, unknown>>): StateValues {
  const values: StateValues = {};
  for (const [baseId, value] of Object.entries(entries)) {
    const block = findBlock(view, baseId);
    if (block === undefined) throw new Error(`the view has no block ${baseId}: ${describeBlocks(view)}`);
    const element = block['element'] as { action_id: string };
    values[block['block_id'] as string] = { [element.action_id]: value };
  }
  return values;
}

/** Submits `view` with `values`, as `userId`. Returns the HTTP status and the parsed ack body (empty object when none). */
export async function submitView(
  testApp: ModalTarget,
  view: SentView,
  values: StateValues,
  options: { userId?: string; responseUrls?: Array<Record<string, string>> } = {},
): Promise<{ status: number; ack: Record<string, unknown> }> {
  const payload = buildViewSubmission({ user: { id: options.userId ?? TEST_USER_ID } });
  payload['view'] = { ...toPayloadView(view), state: { values } };
  payload['response_urls'] = options.responseUrls ?? [];
  const response = await testApp.interact(payload);
  return { status: response.status, ack: response.body === '' ? {} : (JSON.parse(response.body) as Record<string, unknown>) };
}

/** Sends the options request Slack sends while the user types `value` into a menu of `view`. */
export async function suggestOptions(
  testApp: ModalTarget,
  view: SentView,
  blockId: string,
  value: string,
  values: StateValues = {},
  options: { userId?: string } = {},
): Promise<{ status: number; options: Array<{ text: { text: string }; value: string }>; elapsedMs: number }> {
  const block = findBlock(view, blockId);
  if (block === undefined) throw new Error(`the view has no block ${blockId}`);
  const element = block['element'] as { action_id: string };
  const payload = buildBlockSuggestion({
    action_id: element.action_id,
    block_id: block['block_id'],
    value,
    container: { type: 'view', view_id: view.id },
    ...(options.userId === undefined ? {} : { user: { id: options.userId } }),
  });
  payload['view'] = { ...toPayloadView(view), state: { values } };

  const started = Date.now();
  const response = await testApp.interact(payload);
  const elapsedMs = Date.now() - started;
  const body = response.body === '' ? {} : (JSON.parse(response.body) as { options?: [] });
  return { status: response.status, options: body.options ?? [], elapsedMs };
}

/** Sends the block_actions Slack sends when the user picks `option` in a menu of `view` that dispatches actions. */
export async function pickOption(
  testApp: ModalTarget,
  view: SentView,
  blockId: string,
  option: { value: string; text?: string },
  values: StateValues = {},
): Promise<number> {
  const block = findBlock(view, blockId);
  if (block === undefined) throw new Error(`the view has no block ${blockId}`);
  const element = block['element'] as { action_id: string; type: string };
  const payload: Payload = buildBlockActions({
    container: { type: 'view', view_id: view.id },
    actions: [
      {
        type: element.type,
        action_id: element.action_id,
        block_id: block['block_id'],
        selected_option: { text: { type: 'plain_text', text: option.text ?? option.value }, value: option.value },
        action_ts: '1548426417.840180',
      },
    ],
  });
  delete payload['channel'];
  delete payload['message'];
  delete payload['response_url'];
  payload['view'] = { ...toPayloadView(view), state: { values } };
  const response = await testApp.interact(payload);
  return response.status;
}

/** Sends the block_actions of a button inside `view`. */
export async function pressViewButton(testApp: ModalTarget, view: SentView, actionId: string, value: string): Promise<number> {
  const payload: Payload = buildBlockActions({
    container: { type: 'view', view_id: view.id },
    actions: [{ type: 'button', action_id: actionId, block_id: 'menu', value, text: { type: 'plain_text', text: value }, action_ts: '1548426417.840180' }],
  });
  delete payload['channel'];
  delete payload['message'];
  delete payload['response_url'];
  payload['view'] = { ...toPayloadView(view), state: { values: {} } };
  const response = await testApp.interact(payload);
  return response.status;
}

function toPayloadView(view: SentView): Record<string, unknown> {
  const { method: _method, ...rest } = view;
  return {
    type: 'modal',
    team_id: 'T04B7KQ2X1M',
    app_id: 'A04B7KQ6D5R',
    bot_id: 'B04B7KQ7E6S',
    root_view_id: view.id,
    previous_view_id: null,
    clear_on_close: false,
    notify_on_close: false,
    external_id: '',
    ...rest,
  };
}

/** Returns the view with the id and hash the fake Slack gave it; none when the call failed or is still open. */
function toSentView(call: RecordedSlackCall): SentView[] {
  const response = call.responseBody as { ok?: boolean; view?: { id?: string; hash?: string } } | undefined;
  if (response?.ok !== true || response.view?.id === undefined) return [];
  const view = (call.body['view'] ?? {}) as Record<string, unknown>;
  return [{ ...view, id: response.view.id, hash: response.view.hash ?? '', method: call.method } as SentView];
}

function describeBlocks(view: SentView): string {
  return view.blocks.map((block) => `${String(block['type'])}:${String(block['block_id'] ?? '')}`).join(', ');
}
