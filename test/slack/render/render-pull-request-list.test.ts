import { describe, expect, it } from 'vitest';

import { ACTION_IDS } from '../../../src/slack/ids.js';
import { parsePullRequestPageValue } from '../../../src/slack/render/pull-request-page-value.js';
import { renderPullRequestList } from '../../../src/slack/render/render-pull-request-list.js';
import {
  buildPullRequest,
  collectBlockText,
  collectButtons,
  HOSTILE_TEXT,
  measureMessageLength,
  expectValidRender,
} from './render-fixtures.js';

const target = { workspace: 'acme', repoSlug: 'api', state: 'open' as const };

describe('renderPullRequestList', () => {
  it('renders a page with a Next button', () => {
    const message = renderPullRequestList({
      ...target,
      pageNumber: 1,
      page: { values: [buildPullRequest(12), buildPullRequest(11, { draft: true })], size: 3, next: 'https://api.example/next' },
    });

    expectValidRender(message);
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "emoji": true,
              "text": "Open pull requests in acme/api",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "text": {
              "text": "*<https://bitbucket.org/acme/api/pull-requests/12|#12 Add feature 12>*
      Ada Lovelace · \`feature/12\` → \`main\` · open · updated <!date^1772373909^{date_short_pretty} {time}|2026-03-01 14:05 UTC>",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "text": {
              "text": "*<https://bitbucket.org/acme/api/pull-requests/11|#11 Add feature 11>*
      Ada Lovelace · \`feature/11\` → \`main\` · draft · updated <!date^1772373909^{date_short_pretty} {time}|2026-03-01 14:05 UTC>",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "Page 1 · 3 in total",
                "type": "mrkdwn",
              },
              {
                "text": "<https://bitbucket.org/acme/api/pull-requests/?state=OPEN|Open on bitbucket.org>",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
          {
            "block_id": "pull_request_pagination",
            "elements": [
              {
                "action_id": "bitbucket_pull_requests_next_page",
                "text": {
                  "emoji": true,
                  "text": "Next",
                  "type": "plain_text",
                },
                "type": "button",
                "value": "{"w":"acme","r":"api","s":"open","p":2}",
              },
            ],
            "type": "actions",
          },
        ],
        "text": "Open pull requests in acme/api: 2 shown",
      }
    `);
  });

  it('carries the page state in the buttons', () => {
    const message = renderPullRequestList({
      ...target,
      state: 'merged',
      pageNumber: 2,
      page: { values: [buildPullRequest(3, { state: 'MERGED' })], next: 'https://api.example/next' },
    });
    const [previous, next] = collectButtons(message);

    expectValidRender(message);
    expect(previous?.action_id).toBe(ACTION_IDS.pullRequestsPreviousPage);
    expect(parsePullRequestPageValue(previous?.value)).toEqual({ workspace: 'acme', repoSlug: 'api', state: 'merged', page: 1 });
    expect(next?.action_id).toBe(ACTION_IDS.pullRequestsNextPage);
    expect(parsePullRequestPageValue(next?.value)).toEqual({ workspace: 'acme', repoSlug: 'api', state: 'merged', page: 3 });
  });

  it('shows no buttons on a single page', () => {
    const message = renderPullRequestList({ ...target, pageNumber: 1, page: { values: [buildPullRequest(1)] } });

    expect(collectButtons(message)).toEqual([]);
  });

  it('escapes a hostile title', () => {
    const message = renderPullRequestList({
      ...target,
      pageNumber: 1,
      page: { values: [buildPullRequest(7, { title: HOSTILE_TEXT, source: { branch: { name: '<!here>' } } })] },
    });
    const text = collectBlockText(message).join('\n');

    expectValidRender(message);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<!here>');
    expect(text).not.toContain('<https://x.example|');
    expect(text).toContain('#7 &lt;!channel&gt; &lt;https://x.example bitbucket.org&gt; &amp;lt;@U1&amp;gt;');
  });

  it('names the fork of a source branch', () => {
    const fork = buildPullRequest(5, { source: { branch: { name: 'fix' }, repository: { full_name: 'ada/api' } } });
    const message = renderPullRequestList({ ...target, pageNumber: 1, page: { values: [fork] } });

    expect(collectBlockText(message).join('\n')).toContain('`ada/api:fix` → `main`');
  });

  it('says when no pull request matches', () => {
    const message = renderPullRequestList({ ...target, state: 'declined', pageNumber: 1, page: { values: [] } });

    expectValidRender(message);
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": "No declined pull requests in <https://bitbucket.org/acme/api/pull-requests/?state=DECLINED|acme/api>. Run \`/bitbucket prs acme/api all\` to list every state.",
              "type": "mrkdwn",
            },
            "type": "section",
          },
        ],
        "text": "No declined pull requests in acme/api",
      }
    `);
  });

  it('cuts a long page with and N more', () => {
    const values = Array.from({ length: 50 }, (_value, index) =>
      buildPullRequest(index + 1, { title: `A long pull request title number ${index + 1} `.repeat(3) }),
    );
    const message = renderPullRequestList({ ...target, pageNumber: 1, page: { values, next: 'https://api.example/next' } });
    const text = collectBlockText(message).join('\n');

    expectValidRender(message);
    expect(measureMessageLength(message)).toBeLessThanOrEqual(4000);
    expect(text).toMatch(/…and \d+ more\./);
    expect(collectButtons(message).map((button) => button.text.text)).toEqual(['Next']);
  });

  it('adds the shared token footer', () => {
    const message = renderPullRequestList({ ...target, pageNumber: 1, page: { values: [buildPullRequest(1)] }, viaSharedToken: true });

    expectValidRender(message);
    expect(collectBlockText(message).at(-1)).toContain('Acting as the shared access token');
  });
});

describe('parsePullRequestPageValue', () => {
  it.each(['', 'not json', '{"w":"acme","r":"api","s":"open","p":0}', '{"w":"acme","r":"api","s":"closed","p":1}', '[]'])(
    'rejects %j',
    (value) => {
      expect(parsePullRequestPageValue(value)).toBeUndefined();
    },
  );
});
