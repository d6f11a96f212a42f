import { ActionInputError } from '../../actions/errors.js';
import { BitbucketInputError, BitbucketValidationError } from '../../bitbucket/errors.js';

export interface FieldErrorOptions {
  /** Block id of the input block for each field or parameter name, e.g. `{ source: 'pull_request_source_branch' }`. */
  blockIdByField: Record<string, string>;
  /** Block id that receives messages without a field, or for a field with no block. */
  defaultBlockId: string;
}

/**
 * Maps an input error to the `errors` of a `view_submission` ack: `{ [block_id]: text }`.
 * Bitbucket's field names and the action layer's parameter names are looked up in
 * `blockIdByField`, first whole (`source.branch.name`), then by their first part (`source`,
 * `reviewers` for `reviewers[0]`). Messages without a field, such as "There are no changes to be
 * pulled", go under `defaultBlockId`, as do fields without a block (named in front of the message).
 * Returns undefined for errors that are not about the input, which the caller renders with renderError.
 */
export function mapFieldErrors(error: unknown, options: FieldErrorOptions): Record<string, string> | undefined {
  const problems = listFieldProblems(error);
  if (problems === undefined) return undefined;

  const messagesByBlock = new Map<string, string[]>();
  for (const problem of problems) {
    const blockId = findBlockId(problem.field, options.blockIdByField);
    const target = blockId ?? options.defaultBlockId;
    const text = blockId === undefined && problem.field !== '' ? `${problem.field}: ${problem.message}` : problem.message;
    messagesByBlock.set(target, [...(messagesByBlock.get(target) ?? []), text]);
  }

  return Object.fromEntries([...messagesByBlock].map(([blockId, messages]) => [blockId, messages.join('\n')]));
}

function listFieldProblems(error: unknown): Array<{ field: string; message: string }> | undefined {
  if (error instanceof BitbucketValidationError) {
    const entries = Object.entries(error.fields);
    if (entries.length === 0) return [{ field: '', message: error.message }];
    return entries.map(([field, messages]) => ({ field, message: messages.join(' ') }));
  }
  if (error instanceof ActionInputError) {
    return error.problems.map((problem) => ({ field: problem.parameter, message: problem.message }));
  }
  if (error instanceof BitbucketInputError) {
    return [{ field: error.parameter, message: error.message }];
  }
  return undefined;
}

function findBlockId(field: string, blockIdByField: Record<string, string>): string | undefined {
  if (field === '') return undefined;
  return blockIdByField[field] ?? blockIdByField[field.split(/[.[]/)[0] ?? ''];
}
