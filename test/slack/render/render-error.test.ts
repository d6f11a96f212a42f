import { describe, expect, it } from 'vitest';

import { ActionInputError, UnexpectedError, UnknownActionError } from '../../../src/actions/errors.js';
import {
  BitbucketForbiddenError,
  BitbucketInputError,
  BitbucketNotFoundError,
  BitbucketRateLimitedError,
  BitbucketResponseTooLargeError,
  BitbucketTimeoutError,
  BitbucketUnauthorizedError,
  BitbucketUpstreamError,
  BitbucketValidationError,
  IssueTrackerUnavailableError,
  type BitbucketErrorContext,
} from '../../../src/bitbucket/errors.js';
import { ConfigError } from '../../../src/config/config.js';
import {
  ConnectDisabledError,
  ConnectionBrokenError,
  EmbeddedStoreInUseError,
  NotConnectedError,
  OAuthExchangeError,
  OAuthInvalidGrantError,
  OAuthStateError,
  ConnectionLockTimeoutError,
  StorageUnavailableError,
  TokenDecryptionError,
} from '../../../src/connections/errors.js';
import { ACTION_IDS } from '../../../src/slack/ids.js';
import { formatRetryDelay } from '../../../src/slack/render/describe-bitbucket-error.js';
import { describeRequestTarget } from '../../../src/slack/render/describe-request-target.js';
import { renderError, type RenderedError, type RenderErrorOptions } from '../../../src/slack/render/render-error.js';
import { collectBlockText, collectButtons, expectValidRender, HOSTILE_TEXT } from './render-fixtures.js';

const repositoryContext: BitbucketErrorContext = { method: 'GET', path: '/repositories/acme/api', status: 404 };
const fixedReference = { createReferenceId: () => 'ref12345' };

/** Renders the error, checks the message against Block Kit limits and returns it with its text. */
function render(error: unknown, options: RenderErrorOptions = fixedReference): RenderedError & { text: string } {
  const rendered = renderError(error, options);
  expectValidRender(rendered.message);
  return { ...rendered, text: collectBlockText(rendered.message).join('\n') };
}

describe('renderError for Bitbucket errors', () => {
  it('names the missing repository', () => {
    const rendered = render(new BitbucketNotFoundError('Repository acme/api was not found', repositoryContext));

    expect(rendered.text).toContain('Bitbucket found no repository acme/api.');
    expect(rendered.text).toContain('cannot see a private repository');
    expect(rendered.logLevel).toBe('info');
    expect(rendered.referenceId).toBeUndefined();
  });

  it('names the missing workspace', () => {
    const rendered = render(new BitbucketNotFoundError('x', { method: 'GET', path: '/workspaces/acme/members', status: 404 }));

    expect(rendered.text).toContain('Bitbucket found no workspace acme.');
  });

  it.each([
    ['/workspaces/acme/members', 'Check the workspace slug. `/bitbucket workspaces` lists the workspaces you belong to.'],
    ['/repositories/acme', 'Check the workspace slug.'],
    ['/repositories/acme/api/pullrequests/3', 'Check the pull request number. `/bitbucket prs acme/api all` lists'],
    ['/repositories/acme/api/issues/999', 'Check the issue number.'],
    ['/repositories/acme/api/issues/7/comments/9', 'Check the issue number and the comment ID.'],
    ['/repositories/acme/api/refs/branches/feature%2Flogin', 'Check the branch name: branch names are case-sensitive.'],
    ['/repositories/acme/api/refs/tags/v1', 'Check the tag name'],
    ['/repositories/acme/api/src/main/docs/missing.md', 'Check the file path: it starts at the root of the repository'],
    ['/repositories/acme/api/commit/abc1234', 'Check the branch name, tag name or commit hash'],
    ['/snippets/acme/kypj9', 'Check the workspace slug and the snippet ID.'],
    ['/teams/x', 'Check the spelling of what you typed.'],
  ])('gives the next step for a 404 on %s', (path, nextStep) => {
    const rendered = render(new BitbucketNotFoundError('x', { method: 'GET', path, status: 404 }));

    expect(rendered.text).toContain(nextStep);
    expect(rendered.text).not.toContain('private repository');
  });

  it.each(['/repositories/acme/api', '/repositories/acme/api/pullrequests'])('mentions private repositories for %s', (path) => {
    const rendered = render(new BitbucketNotFoundError('x', { method: 'POST', path, status: 404 }));

    expect(rendered.text).toContain('Check the workspace and repository slugs. `/bitbucket repos acme` lists');
    expect(rendered.text).toContain('cannot see a private repository');
  });

  it('asks to reconnect after a 404 on /user', () => {
    const rendered = render(new BitbucketNotFoundError('x', { method: 'GET', path: '/user', status: 404 }));
    const [button] = collectButtons(rendered.message);

    expect(rendered.text).toContain('Reading your Bitbucket account failed, because Bitbucket found no account for your access token.');
    expect(rendered.text).toContain('Run `/bitbucket connect` to connect your Bitbucket account again');
    expect(rendered.text).toContain('BITBUCKET_BEARER_TOKEN');
    expect(rendered.text).not.toContain('found no Bitbucket account');
    expect(button?.text.text).toBe('Reconnect Bitbucket');
  });

  it('explains a 410 Gone', () => {
    const rendered = render(new BitbucketNotFoundError('x', { ...repositoryContext, status: 410 }));

    expect(rendered.text).toContain('Bitbucket no longer serves repository acme/api.');
  });

  it('gives a next step after a 410 Gone', () => {
    const rendered = render(new BitbucketNotFoundError('x', { ...repositoryContext, status: 410 }));

    expect(rendered.text).toContain('Do it on bitbucket.org instead, and tell the operator of this app that it needs an update.');
    expect(rendered.text).toContain('For the operator: Bitbucket returned 410 Gone for GET /repositories/acme/api.');
    expect(rendered.logLevel).toBe('warn');
  });

  it('names the missing scope and the fix', () => {
    const error = new BitbucketForbiddenError('x', { ...repositoryContext, method: 'DELETE', status: 403 }, ['repository:delete'], ['repository']);
    const rendered = render(error, { ...fixedReference, connectUrl: 'https://bitbucket.org/site/oauth2/authorize?state=s' });
    const [button] = collectButtons(rendered.message);

    expect(rendered.text).toContain('the app lacks the scope `repository:delete`');
    expect(rendered.text).toContain("A workspace admin must grant the scope to the app's OAuth consumer");
    expect(rendered.text).toContain('run `/bitbucket connect` again');
    expect(rendered.text).toContain('BITBUCKET_SCOPES');
    expect(button?.text.text).toBe('Reconnect Bitbucket');
    expect(button?.url).toBe('https://bitbucket.org/site/oauth2/authorize?state=s');
  });

  it('explains a permission denial', () => {
    const rendered = render(new BitbucketForbiddenError('x', { ...repositoryContext, status: 403 }));

    expect(rendered.text).toContain('Bitbucket denied access to the repository acme/api.');
    expect(rendered.text).toContain('Ask a workspace or repository admin');
  });

  it("lists Bitbucket's field messages", () => {
    const error = new BitbucketValidationError('Bitbucket rejected the request', { ...repositoryContext, method: 'POST', status: 400 }, {
      source: ['Branch not found: <feature>'],
      title: ['This field is required.'],
    });
    const rendered = render(error);

    expect(rendered.text).toContain('• *source*: Branch not found: &lt;feature&gt;');
    expect(rendered.text).toContain('• *title*: This field is required.');
    expect(rendered.logLevel).toBe('info');
  });

  it("quotes Bitbucket's message without fields", () => {
    const error = new BitbucketValidationError('Bitbucket rejected the request: There are no changes to be pulled', repositoryContext);

    expect(render(error).text).toContain('There are no changes to be pulled');
  });

  it('asks to reconnect after a 401', () => {
    const rendered = render(new BitbucketUnauthorizedError('x', { ...repositoryContext, status: 401 }, true));
    const [button] = collectButtons(rendered.message);

    expect(rendered.text).toContain('Your Bitbucket access token expired and could not be renewed.');
    expect(rendered.text).toContain('BITBUCKET_BEARER_TOKEN');
    expect(button?.action_id).toBe(ACTION_IDS.connect);
    expect(button?.url).toBeUndefined();
  });

  it('says when to retry after a rate limit', () => {
    const rendered = render(new BitbucketRateLimitedError('x', { ...repositoryContext, status: 429 }, 150));

    expect(rendered.text).toContain('Try again in 3 minutes.');
    expect(rendered.text).toContain('Everyone using this app shares one Bitbucket rate limit');
    expect(rendered.logLevel).toBe('warn');
  });

  it('falls back to a few minutes', () => {
    expect(render(new BitbucketRateLimitedError('x', repositoryContext)).text).toContain('Try again in a few minutes.');
  });

  it('explains a timeout', () => {
    const rendered = render(new BitbucketTimeoutError('x', repositoryContext));

    expect(rendered.text).toContain('Bitbucket did not respond in time.');
    expect(rendered.text).toContain('Try again in a few minutes.');
    expect(rendered.text).not.toContain('may or may not');
  });

  it('warns when a write may have happened', () => {
    const rendered = render(new BitbucketTimeoutError('x', { ...repositoryContext, method: 'POST' }, { outcomeUnknown: true }));

    expect(rendered.text).toContain('The change may or may not have been made. Check on bitbucket.org before you try again');
    expect(rendered.text).not.toContain('Try again in a few minutes.');
  });

  it('names the status of a 5xx', () => {
    const rendered = render(new BitbucketUpstreamError('x', { ...repositoryContext, status: 503 }));

    expect(rendered.text).toContain('Bitbucket failed with HTTP 503.');
    expect(rendered.text).toContain('bitbucket.status.atlassian.com');
    expect(rendered.logLevel).toBe('warn');
  });

  it('explains a dropped connection', () => {
    expect(render(new BitbucketUpstreamError('x', { method: 'GET', path: '/user' })).text).toContain('The connection to Bitbucket failed.');
  });

  it('explains a response over the limit', () => {
    const error = new BitbucketResponseTooLargeError('x', { method: 'GET', path: '/repositories/acme/api/src/main/big.bin', status: 200 }, 1_000_000);

    expect(render(error).text).toContain("Bitbucket's answer for file big.bin at main in acme/api is larger than the app reads (1.0 MB).");
  });

  it('explains the removal of Issues', () => {
    const error = new IssueTrackerUnavailableError('x', { method: 'GET', path: '/repositories/acme/api/issues/7', status: 404 }, 'removed');
    const rendered = render(error);

    expect(rendered.text).toContain('Bitbucket Cloud removed Issues, and their API, on 2026-08-20.');
    expect(rendered.text).toContain('repository acme/api');
    expect(rendered.text).not.toContain('found no');
  });

  it('explains a missing issue tracker', () => {
    const error = new IssueTrackerUnavailableError('x', { method: 'POST', path: '/repositories/acme/api/issues', status: 404 }, 'no_tracker');

    expect(render(error).text).toContain('The repository acme/api has no issue tracker.');
  });

  it('names the invalid parameter', () => {
    const rendered = render(new BitbucketInputError('repo_slug: the repository slug must not contain ".."', 'repo_slug'));

    expect(rendered.text).toContain('nothing was sent to Bitbucket');
    expect(rendered.text).toContain('• *repo_slug*: the repository slug must not contain ".."');
    expect(rendered.text).not.toContain('repo_slug: the');
  });

  it('keeps a message that does not start with the parameter', () => {
    const rendered = render(new BitbucketInputError('the path is empty', 'path'));

    expect(rendered.text).toContain('• *path*: the path is empty');
  });

  it('lists action input problems', () => {
    const error = new ActionInputError([
      { parameter: 'issue_id', message: 'expected a positive integer, got "x"' },
      { parameter: '', message: 'give at least one field to change' },
    ]);
    const rendered = render(error);

    expect(rendered.text).toContain('• *issue_id*: expected a positive integer, got "x"');
    expect(rendered.text).toContain('• give at least one field to change');
  });
});

describe('renderError for connection errors', () => {
  it('asks to check Redis', () => {
    const rendered = render(new StorageUnavailableError('Redis did not answer'));

    expect(rendered.text).toContain('Try again shortly.');
    expect(rendered.text).toContain('For the operator: Check that Redis (REDIS_URL) is running');
    expect(rendered.logLevel).toBe('error');
  });

  it('asks to retry after a lock timeout', () => {
    const rendered = render(new ConnectionLockTimeoutError('Timed out after 15000 ms'));

    expect(rendered.text).toContain('Your Bitbucket connection was busy being updated, so nothing was run.');
    expect(rendered.text).toContain('Try again in a few seconds.');
    expect(rendered.text).not.toContain('ref12345');
    expect(rendered.logLevel).toBe('warn');
  });

  it('explains a locked embedded store', () => {
    expect(render(new EmbeddedStoreInUseError('locked')).text).toContain('Set REDIS_URL to run several processes.');
  });

  it('offers a Connect button', () => {
    const rendered = render(new NotConnectedError('no connection'), { ...fixedReference, connectUrl: 'https://bitbucket.org/site/oauth2/authorize' });
    const [button] = collectButtons(rendered.message);

    expect(rendered.text).toContain('Connect your Bitbucket account first.');
    expect(button?.text.text).toBe('Connect Bitbucket');
    expect(button?.url).toBe('https://bitbucket.org/site/oauth2/authorize');
    expect(rendered.logLevel).toBe('info');
  });

  it.each([new ConnectionBrokenError('invalid_grant'), new OAuthInvalidGrantError('invalid_grant')])('asks to reconnect after %s', (error) => {
    const rendered = render(error);

    expect(rendered.text).toContain('Your Bitbucket connection no longer works.');
    expect(collectButtons(rendered.message)[0]?.text.text).toBe('Reconnect Bitbucket');
  });

  it('blames a changed encryption key', () => {
    const rendered = render(new TokenDecryptionError('bad tag'));

    expect(rendered.text).toContain('TOKEN_ENCRYPTION_KEY');
    expect(rendered.text).toContain('Run `/bitbucket connect` to connect again.');
    expect(rendered.logLevel).toBe('error');
  });

  it('names the settings when connect is off', () => {
    expect(render(new ConnectDisabledError('off')).text).toContain('Set BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET');
  });

  it('explains an expired connect link', () => {
    expect(render(new OAuthStateError('unknown state')).text).toContain('This connect link has expired or was already used.');
  });

  it('explains a failed code exchange', () => {
    expect(render(new OAuthExchangeError('401')).text).toContain('BITBUCKET_OAUTH_REDIRECT_URI');
  });
});

describe('renderError for unexpected errors', () => {
  it.each([
    ['UnexpectedError', new UnexpectedError(new TypeError('x is undefined'))],
    ['TypeError', new TypeError('x is undefined')],
    ['string', 'boom'],
    ['undefined', undefined],
    ['UnknownActionError', new UnknownActionError('BITBUCKET_NOPE')],
    ['ConfigError', new ConfigError(['SLACK_BOT_TOKEN is missing'])],
  ])('shows a reference id for %s', (_name, error) => {
    const rendered = render(error);

    expect(rendered.referenceId).toBe('ref12345');
    expect(rendered.text).toContain('give the operator the reference `ref12345`');
    expect(rendered.logLevel).toBe('error');
  });

  it('never shows the error message', () => {
    const rendered = render(new Error(`token xoxb-123 leaked ${HOSTILE_TEXT}`));

    expect(rendered.text).not.toContain('xoxb');
    expect(rendered.message.text).not.toContain('xoxb');
  });

  it('makes distinct random reference ids', () => {
    const first = renderError(new Error('a')).referenceId;
    const second = renderError(new Error('a')).referenceId;

    expect(first).toMatch(/^[0-9a-f]{8}$/);
    expect(second).not.toBe(first);
  });
});

describe('describeRequestTarget', () => {
  it.each([
    ['/repositories/acme/api', 'repository acme/api'],
    ['/repositories/acme', 'workspace acme'],
    ['/repositories/acme/api/pullrequests/3', 'pull request #3 in acme/api'],
    ['/repositories/acme/api/pullrequests', 'repository acme/api, or the item requested in it'],
    ['/repositories/acme/api/issues/7/comments/9', 'comment 9 on issue #7 in acme/api'],
    ['/repositories/acme/api/refs/branches/feature%2Flogin', 'branch feature/login in acme/api'],
    ['/repositories/acme/api/src/main/docs/Release%20Notes.md', 'file docs/Release Notes.md at main in acme/api'],
    ['/repositories/acme/api/src/main/', 'commit main in acme/api'],
    ['/workspaces/acme/members', 'workspace acme'],
    ['/snippets/acme/kypj9', 'snippet kypj9 in workspace acme'],
    ['/user', 'Bitbucket account'],
    ['/teams/x', 'item at /teams/x'],
  ])('names %s', (path, expected) => {
    expect(describeRequestTarget(path)).toBe(expected);
  });
});

describe('formatRetryDelay', () => {
  it.each([
    [undefined, 'in a few minutes'],
    [0, 'in 1 second'],
    [1, 'in 1 second'],
    [45, 'in 45 seconds'],
    [60, 'in 1 minute'],
    [61, 'in 2 minutes'],
    [7200, 'in 2 hours'],
  ])('formats %s seconds', (seconds, expected) => {
    expect(formatRetryDelay(seconds)).toBe(expected);
  });
});
