import { describe, expect, it } from 'vitest';

import type { Comment, Issue } from '../../../src/bitbucket/types.js';
import { ACTION_IDS } from '../../../src/slack/ids.js';
import { parseIssueTargetValue } from '../../../src/slack/render/issue-target-value.js';
import { renderIssueCommentCreated, renderSnippetCommentCreated } from '../../../src/slack/render/render-commented.js';
import {
  renderBranchCreated,
  renderIssueCreated,
  renderIssueUpdated,
  renderPullRequestCreated,
  renderRepositoryCreated,
} from '../../../src/slack/render/render-created.js';
import {
  renderIssueDeleted,
  renderIssueDeleteRequest,
  renderRepositoryDeleted,
} from '../../../src/slack/render/render-deleted.js';
import {
  buildAccount,
  buildPullRequest,
  buildRepository,
  collectBlockText,
  collectButtons,
  expectValidRender,
  HOSTILE_TEXT,
} from './render-fixtures.js';

const target = { workspace: 'acme', repoSlug: 'api', actorUserId: 'U04B7KQ3A2N' };
const issue: Issue = {
  id: 7,
  title: 'Login fails with SSO',
  state: 'new',
  kind: 'bug',
  priority: 'major',
  assignee: buildAccount(),
  links: { html: { href: 'https://bitbucket.org/acme/api/issues/7' } },
};
const comment: Comment = {
  id: 301,
  content: { raw: 'Fixed in #45.\nPlease retest <!channel>.' },
  links: { html: { href: 'https://bitbucket.org/acme/api/issues/7#comment-301' } },
};

describe('confirmation renderers', () => {
  it('announces a created branch', () => {
    const message = renderBranchCreated({
      ...target,
      from: 'develop',
      branch: { name: 'feature/login', target: { hash: '3f2a9c1e5b7d4e2a9c1f3d5e7a9b1c2d4e6f8a0b' } },
    });

    expectValidRender(message);
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": ":white_check_mark: <@U04B7KQ3A2N> created branch *<https://bitbucket.org/acme/api/branch/feature/login|feature/login>* in <https://bitbucket.org/acme/api|acme/api> from \`develop\` (\`3f2a9c1\`).",
              "type": "mrkdwn",
            },
            "type": "section",
          },
        ],
        "text": "Created branch feature/login in acme/api",
      }
    `);
  });

  it('announces an opened pull request', () => {
    const message = renderPullRequestCreated({
      ...target,
      pullRequest: buildPullRequest(12, { reviewers: [buildAccount({ display_name: 'Grace Hopper' })], close_source_branch: true }),
    });

    expectValidRender(message);
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": ":white_check_mark: <@U04B7KQ3A2N> opened pull request *<https://bitbucket.org/acme/api/pull-requests/12|#12 Add feature 12>* in <https://bitbucket.org/acme/api|acme/api>: \`feature/12\` → \`main\`.",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "Reviewers: Grace Hopper · closes the source branch on merge",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
        ],
        "text": "Opened pull request #12 Add feature 12 in acme/api",
      }
    `);
  });

  it('announces a created repository', () => {
    const message = renderRepositoryCreated({ repository: buildRepository('new-service', { project: { key: 'PLAT', name: 'Platform' } }) });

    expectValidRender(message);
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": ":white_check_mark: Created repository *<https://bitbucket.org/acme/new-service|acme/new-service>*.",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "private · project Platform · typescript",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
        ],
        "text": "Created repository acme/new-service",
      }
    `);
  });

  it('announces a created issue', () => {
    const message = renderIssueCreated({ ...target, issue });

    expectValidRender(message);
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": ":white_check_mark: <@U04B7KQ3A2N> created issue *<https://bitbucket.org/acme/api/issues/7|#7 Login fails with SSO>* in <https://bitbucket.org/acme/api|acme/api>.",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "new · bug · priority major · assigned to Ada Lovelace",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
        ],
        "text": "Created issue #7 Login fails with SSO in acme/api",
      }
    `);
  });

  it('announces an updated issue', () => {
    const message = renderIssueUpdated({ ...target, issue, changedFields: ['title', 'assignee'] });

    expectValidRender(message);
    expect(collectBlockText(message)[1]).toBe('Changed: title, assignee · new · bug · priority major · assigned to Ada Lovelace');
  });

  it('announces an issue comment', () => {
    const message = renderIssueCommentCreated({ ...target, issueId: 7, issueTitle: issue.title, comment });

    expectValidRender(message);
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": ":white_check_mark: <@U04B7KQ3A2N> commented on issue *<https://bitbucket.org/acme/api/issues/7|#7 Login fails with SSO>* in <https://bitbucket.org/acme/api|acme/api>:
      >Fixed in #45.
      >Please retest &lt;!channel&gt;.",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "<https://bitbucket.org/acme/api/issues/7#comment-301|View the comment>",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
        ],
        "text": "Commented on issue #7 in acme/api",
      }
    `);
  });

  it('announces a snippet reply', () => {
    const message = renderSnippetCommentCreated({ workspace: 'acme', snippetId: 'kypj9', snippetTitle: 'Deploy notes', comment, replyTo: 300 });

    expectValidRender(message);
    expect(collectBlockText(message)[0]).toContain('Replied to comment 300 on snippet *<https://bitbucket.org/snippets/acme/kypj9|Deploy notes>*:');
  });

  it('announces a deleted repository', () => {
    const message = renderRepositoryDeleted(target);

    expectValidRender(message);
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": ":white_check_mark: <@U04B7KQ3A2N> deleted repository *acme/api*.",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "It was in workspace <https://bitbucket.org/acme/|acme>.",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
        ],
        "text": "Deleted repository acme/api",
      }
    `);
  });

  it('announces a deleted issue', () => {
    const message = renderIssueDeleted({ ...target, issueId: 7, issueTitle: issue.title });

    expectValidRender(message);
    expect(collectBlockText(message)[0]).toBe(
      ':white_check_mark: <@U04B7KQ3A2N> deleted issue *#7 Login fails with SSO* from <https://bitbucket.org/acme/api|acme/api>.',
    );
  });

  it('names the shared access token', () => {
    const message = renderRepositoryDeleted({ ...target, viaSharedToken: true });

    expectValidRender(message);
    expect(collectBlockText(message).at(-1)).toContain('Acting as the shared access token');
  });

  it('starts with a capital without an actor', () => {
    const message = renderRepositoryDeleted({ workspace: 'acme', repoSlug: 'api' });

    expect(collectBlockText(message)[0]).toBe(':white_check_mark: Deleted repository *acme/api*.');
  });

  it('escapes hostile titles everywhere', () => {
    const hostileIssue = { ...issue, title: HOSTILE_TEXT };
    const messages = [
      renderIssueCreated({ ...target, issue: hostileIssue }),
      renderIssueUpdated({ ...target, issue: hostileIssue, changedFields: [HOSTILE_TEXT] }),
      renderIssueCommentCreated({ ...target, issueId: 7, issueTitle: HOSTILE_TEXT, comment }),
      renderIssueDeleted({ ...target, issueId: 7, issueTitle: HOSTILE_TEXT }),
      renderPullRequestCreated({ ...target, pullRequest: buildPullRequest(1, { title: HOSTILE_TEXT }) }),
      renderIssueDeleteRequest({ ...target, issueId: 7, issueTitle: HOSTILE_TEXT }),
    ];

    for (const message of messages) expectValidRender(message);
  });
});

describe('renderIssueDeleteRequest', () => {
  it('asks before deleting', () => {
    const message = renderIssueDeleteRequest({ workspace: 'acme', repoSlug: 'api', issueId: 7, issueTitle: issue.title });
    const [remove, cancel] = collectButtons(message);

    expectValidRender(message);
    expect(remove?.action_id).toBe(ACTION_IDS.confirmIssueDelete);
    expect(remove?.style).toBe('danger');
    expect(remove?.confirm?.confirm?.text).toBe('Delete');
    expect(parseIssueTargetValue(remove?.value)).toEqual({ workspace: 'acme', repoSlug: 'api', issueId: 7 });
    expect(cancel?.action_id).toBe(ACTION_IDS.cancelIssueDelete);
  });

  it.each(['', 'x', '{"w":"a","r":"b","i":0}', '{"w":"a","r":"b"}'])('rejects the value %j', (value) => {
    expect(parseIssueTargetValue(value)).toBeUndefined();
  });
});
