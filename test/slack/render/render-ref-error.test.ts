import { describe, expect, it } from 'vitest';

import { BitbucketRefNotFoundError } from '../../../src/bitbucket/errors.js';
import { renderError } from '../../../src/slack/render/render-error.js';
import { expectValidMessage } from '../../support/block-kit-schema.js';

const context = { method: 'GET', path: '/repositories/acme/api/refs/branches/x' };

function readText(error: unknown): string {
  const { message } = renderError(error);
  expectValidMessage(message);
  return JSON.stringify(message.blocks);
}

describe('renderError for a missing ref', () => {
  it('names the ref and the repository', () => {
    const text = readText(new BitbucketRefNotFoundError('not found', context, 'acme', 'api', 'feature/<x>'));

    expect(text).toContain('The repository acme/api has no branch, tag or commit named `feature/&lt;x&gt;`.');
  });

  it('explains a repository without commits', () => {
    const text = readText(new BitbucketRefNotFoundError('not found', context, 'acme', 'empty', undefined));

    expect(text).toContain('The repository acme/empty has no main branch yet.');
    expect(text).toContain('Push a first commit');
  });

  it('logs at info level', () => {
    expect(renderError(new BitbucketRefNotFoundError('not found', context, 'acme', 'api', 'x')).logLevel).toBe('info');
  });
});
