import { describe, expect, it } from 'vitest';

import type { WorkspaceAccess, WorkspaceMembership } from '../../../src/bitbucket/types.js';
import { renderMemberList } from '../../../src/slack/render/render-member-list.js';
import { renderRepositoryList } from '../../../src/slack/render/render-repository-list.js';
import { renderWorkspaceList } from '../../../src/slack/render/render-workspace-list.js';
import {
  buildAccount,
  buildRepository,
  collectBlockText,
  expectValidRender,
  HOSTILE_TEXT,
  measureMessageLength,
} from './render-fixtures.js';

function buildWorkspaceAccess(slug: string, administrator = false): WorkspaceAccess {
  return { administrator, workspace: { uuid: `{${slug}}`, slug, name: `${slug} team`, links: { html: { href: `https://bitbucket.org/${slug}/` } } } };
}

function buildMembership(index: number): WorkspaceMembership {
  return { user: buildAccount({ display_name: `Member ${index}`, nickname: `member${index}`, uuid: `{m${index}}` }) };
}

describe('renderRepositoryList', () => {
  it('renders repositories with details', () => {
    const message = renderRepositoryList({
      workspace: 'acme',
      page: { values: [buildRepository('api'), buildRepository('web', { is_private: false, description: '' })], size: 2 },
    });

    expectValidRender(message);
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "emoji": true,
              "text": "Repositories in acme",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "text": {
              "text": "• *<https://bitbucket.org/acme/api|acme/api>* · private · typescript · updated <!date^1770800400^{date_short}|2026-02-11 09:00 UTC>
            The api service
      • *<https://bitbucket.org/acme/web|acme/web>* · typescript · updated <!date^1770800400^{date_short}|2026-02-11 09:00 UTC>",
              "type": "mrkdwn",
            },
            "type": "section",
          },
        ],
        "text": "Repositories in acme: 2 shown",
      }
    `);
  });

  it('cuts a long list with a filter hint', () => {
    const values = Array.from({ length: 100 }, (_value, index) => buildRepository(`service-${index}`));
    const message = renderRepositoryList({ workspace: 'acme', page: { values, size: 340, next: 'https://api.example/next' } });
    const text = collectBlockText(message).join('\n');

    expectValidRender(message);
    expect(measureMessageLength(message)).toBeLessThanOrEqual(4000);
    expect(text).toMatch(/…and \d+ more\. Narrow the list with `\/bitbucket repos acme &lt;filter&gt;`\./);
    const shown = (text.match(/^• /gm) ?? []).length;
    expect(text).toContain(`…and ${340 - shown} more.`);
  });

  it('says more exist without a size', () => {
    const message = renderRepositoryList({ workspace: 'acme', page: { values: [buildRepository('api')], next: 'https://api.example/next' } });

    expect(collectBlockText(message).join('\n')).toContain('…and more.');
  });

  it('names the filter when nothing matches', () => {
    const message = renderRepositoryList({ workspace: 'acme', filter: 'zzz', page: { values: [] } });

    expectValidRender(message);
    expect(collectBlockText(message).join('\n')).toContain('No repositories in <https://bitbucket.org/acme/|acme> matching "zzz"');
  });

  it('escapes hostile descriptions', () => {
    const message = renderRepositoryList({ workspace: 'acme', page: { values: [buildRepository('api', { description: HOSTILE_TEXT })] } });

    expect(collectBlockText(message).join('\n')).not.toContain('<!channel>');
  });
});

describe('renderWorkspaceList', () => {
  it('renders workspaces', () => {
    const message = renderWorkspaceList({ page: { values: [buildWorkspaceAccess('acme', true), buildWorkspaceAccess('labs')] } });

    expectValidRender(message);
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "emoji": true,
              "text": "Your workspaces",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "text": {
              "text": "• *<https://bitbucket.org/acme/|acme team>* · \`acme\` · administrator
      • *<https://bitbucket.org/labs/|labs team>* · \`labs\`",
              "type": "mrkdwn",
            },
            "type": "section",
          },
        ],
        "text": "Your workspaces: 2 shown",
      }
    `);
  });

  it('cuts a long list with a filter hint', () => {
    const values = Array.from({ length: 100 }, (_value, index) => buildWorkspaceAccess(`workspace-with-a-long-name-${index}`));
    const message = renderWorkspaceList({ page: { values } });

    expectValidRender(message);
    expect(measureMessageLength(message)).toBeLessThanOrEqual(4000);
    expect(collectBlockText(message).join('\n')).toContain('Narrow the list with `/bitbucket workspaces &lt;filter&gt;`');
  });

  it('says when there are none', () => {
    const message = renderWorkspaceList({ filter: 'x', page: { values: [] } });

    expectValidRender(message);
    expect(collectBlockText(message)).toEqual(['You belong to no workspaces matching "x".']);
  });
});

describe('renderMemberList', () => {
  it('renders members', () => {
    const message = renderMemberList({ workspace: 'acme', page: { values: [buildMembership(1), buildMembership(2)] } });

    expectValidRender(message);
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "emoji": true,
              "text": "Members of acme",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "text": {
              "text": "• *<https://bitbucket.org/%7Ba1b2c3d4-0000-4000-8000-000000000001%7D/|Member 1>* (member1)
      • *<https://bitbucket.org/%7Ba1b2c3d4-0000-4000-8000-000000000001%7D/|Member 2>* (member2)",
              "type": "mrkdwn",
            },
            "type": "section",
          },
        ],
        "text": "Members of acme: 2 shown",
      }
    `);
  });

  it('cuts a long list', () => {
    const values = Array.from({ length: 100 }, (_value, index) => buildMembership(index));
    const message = renderMemberList({ workspace: 'acme', page: { values, size: 100 } });

    expectValidRender(message);
    expect(measureMessageLength(message)).toBeLessThanOrEqual(4000);
    expect(collectBlockText(message).join('\n')).toMatch(/…and \d+ more\. See all members of/);
  });

  it('adds the shared token footer', () => {
    const message = renderMemberList({ workspace: 'acme', page: { values: [buildMembership(1)] }, viaSharedToken: true });

    expect(collectBlockText(message).at(-1)).toContain('Acting as the shared access token');
  });
});
