/**
 * Readers for `view.state.values` of a submitted or updated modal: `{ [block_id]: { [action_id]:
 * value } }`. Every input block of this app has one element, so the readers look at the first
 * element of a block and do not need its action id.
 *
 * Some blocks carry a version suffix (`pull_request_source_branch.1a2b3c4d`). Slack keeps what a
 * user entered in a block across views.update as long as the block id stays the same, so a new
 * suffix is how a form drops a branch that belonged to the repository picked before.
 */

/** A selected option as Slack reports it in view state. */
export interface SelectedOption {
  text: string;
  value: string;
}

interface StateValue {
  type?: string;
  value?: string | null;
  selected_option?: { text?: { text?: string }; value?: string } | null;
  selected_options?: Array<{ text?: { text?: string }; value?: string }> | null;
  selected_conversation?: string | null;
}

/** The `state.values` object of a view. */
export type ViewStateValues = Record<string, Record<string, unknown>>;

/** Returns `baseId`, or `baseId.version` when a version is given. */
export function versionBlockId(baseId: string, version: string | undefined): string {
  return version === undefined || version === '' ? baseId : `${baseId}.${version}`;
}

/** Returns the id of the block that is `baseId` or a version of it, as present in `values`. */
export function findBlockId(values: ViewStateValues, baseId: string): string | undefined {
  return Object.keys(values).find((blockId) => blockId === baseId || blockId.startsWith(`${baseId}.`));
}

/**
 * Returns `ids` with each block id replaced by the version of it that `blocks` contains. Field
 * errors must name input blocks of the submitted view: Slack shows a generic error in place of the
 * field errors when a key names any other block. A form submitted before views.update rebuilt it
 * for a newly picked repository still has the blocks of the repository picked before.
 */
export function matchViewBlockIds<T extends { [K in keyof T]: string }>(ids: T, blocks: ReadonlyArray<{ block_id?: string }>): T {
  const matched: Record<string, string> = { ...ids };
  for (const [field, blockId] of Object.entries<string>(ids)) {
    const baseId = blockId.split('.')[0] ?? blockId;
    const present = blocks.find((block) => block.block_id === baseId || block.block_id?.startsWith(`${baseId}.`) === true)?.block_id;
    if (present !== undefined) matched[field] = present;
  }
  return matched as T;
}

/** Returns the trimmed text of a plain text input; empty when the input is empty or absent. */
export function readText(values: ViewStateValues, baseId: string): string {
  return (readStateValue(values, baseId)?.value ?? '').trim();
}

/** Returns the text of a plain text input as typed, without trimming; undefined when absent. */
export function readRawText(values: ViewStateValues, baseId: string): string | undefined {
  return readStateValue(values, baseId)?.value ?? undefined;
}

/** Returns the selected option of a single select, or undefined. */
export function readSelectedOption(values: ViewStateValues, baseId: string): SelectedOption | undefined {
  const option = readStateValue(values, baseId)?.selected_option;
  if (option?.value === undefined) return undefined;
  return { text: option.text?.text ?? option.value, value: option.value };
}

/** Returns the selected options of a multi-select or checkboxes; empty when none. */
export function readSelectedOptions(values: ViewStateValues, baseId: string): SelectedOption[] {
  const options = readStateValue(values, baseId)?.selected_options ?? [];
  return options.flatMap((option) =>
    option.value === undefined ? [] : [{ text: option.text?.text ?? option.value, value: option.value }],
  );
}

/** Returns the channel picked in a conversations select, or undefined. */
export function readConversation(values: ViewStateValues, baseId: string): string | undefined {
  return readStateValue(values, baseId)?.selected_conversation ?? undefined;
}

function readStateValue(values: ViewStateValues, baseId: string): StateValue | undefined {
  const blockId = findBlockId(values, baseId);
  if (blockId === undefined) return undefined;
  const elements = Object.values(values[blockId] ?? {});
  const first = elements[0];
  return typeof first === 'object' && first !== null ? (first as StateValue) : undefined;
}
