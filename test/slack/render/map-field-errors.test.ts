import { describe, expect, it } from 'vitest';

import { ActionInputError } from '../../../src/actions/errors.js';
import {
  BitbucketInputError,
  BitbucketNotFoundError,
  BitbucketValidationError,
} from '../../../src/bitbucket/errors.js';
import { StorageUnavailableError } from '../../../src/connections/errors.js';
import { BLOCK_IDS } from '../../../src/slack/ids.js';
import { mapFieldErrors } from '../../../src/slack/render/map-field-errors.js';

const context = { method: 'POST', path: '/repositories/acme/api/pullrequests', status: 400 };
const options = {
  blockIdByField: {
    source: BLOCK_IDS.pullRequest.sourceBranch,
    destination: BLOCK_IDS.pullRequest.destinationBranch,
    reviewers: BLOCK_IDS.pullRequest.reviewers,
    title: BLOCK_IDS.pullRequest.title,
  },
  defaultBlockId: BLOCK_IDS.pullRequest.title,
};

describe('mapFieldErrors', () => {
  it("puts Bitbucket's field messages under their blocks", () => {
    const error = new BitbucketValidationError('rejected', context, {
      source: ['Branch not found'],
      'destination.branch.name': ['Branch not found'],
      reviewers: ['Ada cannot review her own pull request.', 'Unknown user.'],
    });

    expect(mapFieldErrors(error, options)).toEqual({
      [BLOCK_IDS.pullRequest.sourceBranch]: 'Branch not found',
      [BLOCK_IDS.pullRequest.destinationBranch]: 'Branch not found',
      [BLOCK_IDS.pullRequest.reviewers]: 'Ada cannot review her own pull request. Unknown user.',
    });
  });

  it('puts a message without fields under the default block', () => {
    const error = new BitbucketValidationError('Bitbucket rejected the request: There are no changes to be pulled', context);

    expect(mapFieldErrors(error, options)).toEqual({
      [BLOCK_IDS.pullRequest.title]: 'Bitbucket rejected the request: There are no changes to be pulled',
    });
  });

  it('names an unknown field under the default block', () => {
    const error = new BitbucketValidationError('rejected', context, { close_source_branch: ['Invalid value'], title: ['Too long'] });

    expect(mapFieldErrors(error, options)).toEqual({
      [BLOCK_IDS.pullRequest.title]: 'close_source_branch: Invalid value\nToo long',
    });
  });

  it('maps action input parameters', () => {
    const error = new ActionInputError([
      { parameter: 'reviewers[0]', message: 'expected an account UUID' },
      { parameter: '', message: 'source and destination must differ' },
    ]);

    expect(mapFieldErrors(error, options)).toEqual({
      [BLOCK_IDS.pullRequest.reviewers]: 'expected an account UUID',
      [BLOCK_IDS.pullRequest.title]: 'source and destination must differ',
    });
  });

  it('maps a Bitbucket input error', () => {
    const error = new BitbucketInputError('source: the branch must not be empty', 'source');

    expect(mapFieldErrors(error, options)).toEqual({ [BLOCK_IDS.pullRequest.sourceBranch]: 'source: the branch must not be empty' });
  });

  it.each([
    new BitbucketNotFoundError('gone', { ...context, status: 404 }),
    new StorageUnavailableError('down'),
    new Error('bug'),
  ])('leaves %s to renderError', (error) => {
    expect(mapFieldErrors(error, options)).toBeUndefined();
  });
});
