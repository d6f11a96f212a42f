import { describe, expect, it } from 'vitest';

import type { ConnectFailureReason } from '../../src/connections/oauth-flow-types.js';
import { escapeHtml, renderConfirmPage, renderConnectedPage, renderFailurePage } from '../../src/http/oauth-pages.js';

const HOSTILE = `<script>alert("x")</script>&'`;

describe('oauth pages', () => {
  it('escapeHtml escapes markup and quotes', () => {
    expect(escapeHtml(HOSTILE)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
  });

  it('confirm page escapes every value', () => {
    const page = renderConfirmPage({
      slackUser: { teamId: 'T1"><b>', userId: 'U1<i>', enterpriseId: 'E1&' },
      slackUserName: HOSTILE,
      account: { uuid: '{u}', displayName: HOSTILE, nickname: HOSTILE },
      state: 'st"ate',
      csrfToken: 'cs"rf',
      confirmPath: '/bitbucket/oauth/confirm',
    });

    expect(page.status).toBe(200);
    expect(page.html).not.toContain('<script>');
    expect(page.html).not.toContain('<b>');
    expect(page.html).not.toContain('<i>');
    expect(page.html).toContain('value="st&quot;ate"');
    expect(page.html).toContain('value="cs&quot;rf"');
    expect(page.html).toContain('method="post" action="/bitbucket/oauth/confirm"');
    expect(page.html).toContain('E1&amp;');
  });

  it('confirm page names both accounts', () => {
    const page = renderConfirmPage({
      slackUser: { teamId: 'T1', userId: 'U1' },
      slackUserName: 'Alice',
      account: { uuid: '{u}', displayName: 'Alice Liddell', nickname: 'alice' },
      state: 's',
      csrfToken: 'c',
      confirmPath: '/confirm',
    });
    expect(page.html).toContain('<strong>Alice </strong>(user U1, workspace T1)');
    expect(page.html).toContain('<strong>Alice Liddell</strong> (@alice)');
    expect(page.html).toContain('<button type="submit">Connect</button>');
  });

  it('connected page escapes the account', () => {
    const page = renderConnectedPage({ slackUser: { teamId: 'T1', userId: 'U1' }, account: { uuid: 'u', displayName: HOSTILE } });
    expect(page.html).not.toContain('<script>');
    expect(page.html).toContain('/bitbucket disconnect');
  });

  it('failure pages have status and next step', () => {
    const cases: Array<[ConnectFailureReason, number]> = [
      ['missing_parameters', 400],
      ['access_denied', 403],
      ['state_unknown', 400],
      ['state_expired', 400],
      ['state_used', 409],
      ['exchange_failed', 502],
      ['csrf_invalid', 403],
      ['storage_unavailable', 503],
      ['internal_error', 500],
    ];
    for (const [reason, status] of cases) {
      const page = renderFailurePage(reason);
      expect(page.status, reason).toBe(status);
      expect(page.html, reason).toContain('/bitbucket connect');
    }
  });

  it('failure detail is escaped', () => {
    const page = renderFailurePage('exchange_failed', HOSTILE);
    expect(page.html).not.toContain('<script>');
    expect(page.html).toContain('&lt;script&gt;');
  });

  it('disabled page sends no one to connect', () => {
    const page = renderFailurePage('connect_disabled');
    expect(page.status).toBe(503);
    expect(page.html).toContain('BITBUCKET_CLIENT_ID');
    expect(page.html).not.toContain('/bitbucket connect');
  });
});
