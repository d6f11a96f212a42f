import { request as httpRequest } from 'node:http';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  expiredTokenMessage,
  startFakeBitbucket,
  violationMessagePrefix,
  type FakeBitbucket,
  type FakeUser,
  type FakeWorkspace,
} from '../support/fake-bitbucket/index.js';

interface ErrorBody {
  type: string;
  error: { message: string; detail?: unknown; fields?: Record<string, string[]> };
}

let bb: FakeBitbucket;
let alice: FakeUser;
let acme: FakeWorkspace;
let token: string;

beforeEach(async () => {
  bb = await startFakeBitbucket();
  alice = bb.addUser({ display_name: 'Alice Example', nickname: 'alice' });
  acme = bb.addWorkspace({ slug: 'acme', name: 'Acme' });
  bb.addMember(acme, alice, { administrator: true });
  token = bb.issueToken(alice).access_token;
});

afterEach(async () => {
  await bb.close();
});

function api(path: string, init: RequestInit & { token?: string | null } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const bearer = init.token === undefined ? token : init.token;
  if (bearer !== null) headers.set('authorization', `Bearer ${bearer}`);
  if (typeof init.body === 'string') headers.set('content-type', 'application/json');
  return fetch(`${bb.apiUrl}${path}`, { ...init, headers });
}

async function errorOf(response: Response): Promise<ErrorBody> {
  return (await response.json()) as ErrorBody;
}

describe('openapi.json checks', () => {
  it('serves a valid request without violations', async () => {
    const response = await api('/user');

    expect(response.status).toBe(200);
    const user = (await response.json()) as Record<string, unknown>;
    expect(user['uuid']).toBe(alice.uuid);
    expect(user['display_name']).toBe('Alice Example');
    expect(user).not.toHaveProperty('username');
    expect(bb.requests).toHaveLength(1);
    expect(bb.requests[0]?.violations).toEqual([]);
    expect(() => bb.assertRequestsValid()).not.toThrow();
  });

  it('rejects a body that breaks the schema', async () => {
    const response = await api('/repositories/acme/new-repo', {
      method: 'POST',
      body: JSON.stringify({ is_private: 'yes', fork_policy: 'sometimes' }),
    });

    expect(response.status).toBe(400);
    const body = await errorOf(response);
    expect(body.error.message.startsWith(violationMessagePrefix)).toBe(true);
    expect(body.error.message).toContain('is_private');
    expect(body.error.message).toContain('fork_policy');
    expect(acme.repositories.has('new-repo')).toBe(false);
    expect(() => bb.assertRequestsValid()).toThrow(/POST \/2\.0\/repositories\/acme\/new-repo/);
  });

  it('accepts a body without the base object type', async () => {
    const response = await api('/repositories/acme/typed', {
      method: 'POST',
      body: JSON.stringify({ scm: 'git', is_private: true, project: { key: 'PROJ' } }),
    });

    expect(response.status).toBe(200);
    expect(bb.requests[0]?.violations).toEqual([]);
  });

  it('flags an unknown operation', async () => {
    const response = await api('/nothing/here');

    expect(response.status).toBe(400);
    expect(bb.requests[0]?.violations[0]).toContain('no path in openapi.json matches');
  });

  it('flags a method the path lacks', async () => {
    const response = await api('/user', { method: 'DELETE' });

    expect(response.status).toBe(400);
    expect(bb.requests[0]?.violations[0]).toContain('no DELETE operation');
  });

  it('flags removed cross-workspace endpoints', async () => {
    const workspaces = await api('/workspaces');
    const repositories = await api('/repositories');

    expect(workspaces.status).toBe(400);
    expect(repositories.status).toBe(400);
    expect(bb.requests.map((request) => request.violations[0])).toEqual([
      expect.stringContaining('deprecated'),
      expect.stringContaining('deprecated'),
    ]);
  });

  it('flags query parameters of the wrong type', async () => {
    const response = await api('/repositories/acme?role=boss&pagelen=ten');

    expect(response.status).toBe(400);
    const violations = bb.requests[0]?.violations ?? [];
    expect(violations).toContainEqual(expect.stringContaining('role must be one of'));
    expect(violations).toContainEqual(expect.stringContaining('pagelen must be an integer'));
  });

  it('keeps dot segments as sent', async () => {
    bb.addRepository(acme, { slug: 'api' });
    // fetch and URL strings would resolve the dot segment, so the path goes to node:http as is.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const request = httpRequest({
        host: '127.0.0.1',
        port: new URL(bb.url).port,
        path: '/2.0/repositories/acme/%2E%2E/acme/api',
        headers: { authorization: `Bearer ${token}` },
      });
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode);
      });
      request.on('error', reject);
      request.end();
    });

    expect(status).toBe(400);
    expect(bb.requests[0]?.rawPath).toBe('/2.0/repositories/acme/%2E%2E/acme/api');
  });

  it('flags an unknown query parameter', async () => {
    const response = await api('/user/workspaces?pagelength=5');

    expect(response.status).toBe(400);
    expect(bb.requests[0]?.violations[0]).toContain('pagelength is not defined');
  });
});

describe('authentication', () => {
  it('rejects a request without a token', async () => {
    const response = await api('/user', { token: null });

    expect(response.status).toBe(401);
    expect((await errorOf(response)).type).toBe('error');
  });

  it('rejects Basic credentials', async () => {
    const response = await api('/user', { token: null, headers: { authorization: 'Basic YWxpY2U6cGFzcw==' } });

    expect(response.status).toBe(401);
  });

  it('rejects an unknown token without saying expired', async () => {
    const response = await api('/user', { token: 'not-a-token' });

    expect(response.status).toBe(401);
    expect((await errorOf(response)).error.message).not.toMatch(/expired/i);
  });

  it('reports an expired token', async () => {
    bb.expireAccessTokens(alice);
    const response = await api('/user');

    expect(response.status).toBe(401);
    expect((await errorOf(response)).error.message).toBe(expiredTokenMessage);
  });

  it('expires tokens by the clock', async () => {
    let now = Date.parse('2026-09-01T00:00:00Z');
    const clocked = await startFakeBitbucket({ now: () => now });
    try {
      const user = clocked.addUser({ display_name: 'Clocked' });
      const pair = clocked.issueToken(user, { expiresInSeconds: 60 });
      now += 61_000;
      const response = await fetch(`${clocked.apiUrl}/user`, { headers: { authorization: `Bearer ${pair.access_token}` } });

      expect(response.status).toBe(401);
      expect((await errorOf(response)).error.message).toBe(expiredTokenMessage);
    } finally {
      await clocked.close();
    }
  });

  it('answers 403 with required and granted scopes', async () => {
    const narrow = bb.issueToken(alice, { scopes: ['repository'] }).access_token;
    const response = await api('/user', { token: narrow });

    expect(response.status).toBe(403);
    const body = await errorOf(response);
    expect(body.error.message).toBe('Your credentials lack one or more required privilege scopes.');
    expect(body.error.detail).toEqual({ required: ['account'], granted: ['repository'] });
  });

  it('applies implied scopes', async () => {
    bb.addRepository(acme, { slug: 'api' });
    const pullRequestWriter = bb.issueToken(alice, { scopes: ['pullrequest:write'] }).access_token;
    const admin = bb.issueToken(alice, { scopes: ['repository:admin'] }).access_token;

    expect((await api('/repositories/acme/api', { token: pullRequestWriter })).status).toBe(200);
    expect((await api('/repositories/acme/api', { token: admin })).status).toBe(403);
  });

  it('lets a fixed access token act as its bot user', async () => {
    bb.addRepository(acme, { slug: 'api' });
    const bot = bb.addAccessToken('workspace-token', { scopes: ['repository'], workspace: acme });
    const response = await api('/repositories/acme/api', { token: 'workspace-token' });

    expect(response.status).toBe(200);
    expect(bb.requests[0]?.userUuid).toBe(bot.uuid);
  });
});

describe('OAuth endpoints', () => {
  const callbackUrl = 'http://127.0.0.1:9/bitbucket/oauth/callback';

  beforeEach(() => {
    bb.registerOAuthClient({ clientId: 'client-1', clientSecret: 'secret-1', callbackUrl, scopes: ['account', 'repository'] });
  });

  function authorize(query: string): Promise<Response> {
    return fetch(`${bb.oauthUrl}/authorize?${query}`, { redirect: 'manual' });
  }

  function requestToken(form: Record<string, string>, secret = 'secret-1'): Promise<Response> {
    return fetch(`${bb.oauthUrl}/access_token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`client-1:${secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(form).toString(),
    });
  }

  async function obtainCode(): Promise<string> {
    bb.setAuthorizingUser(alice);
    const response = await authorize('client_id=client-1&response_type=code&state=s-1');
    const location = new URL(response.headers.get('location') ?? '');
    return location.searchParams.get('code') ?? '';
  }

  it('redirects with a code and the state', async () => {
    bb.setAuthorizingUser(alice);
    const response = await authorize('client_id=client-1&response_type=code&state=xyz');

    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(callbackUrl);
    expect(location.searchParams.get('state')).toBe('xyz');
    expect(location.searchParams.get('code')).toMatch(/.+/);
  });

  it('redirects with access_denied when the user denies', async () => {
    bb.setAuthorizingUser(null);
    const response = await authorize('client_id=client-1&response_type=code&state=xyz');

    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('error_description')).toMatch(/denied/);
    expect(location.searchParams.get('state')).toBe('xyz');
  });

  it('shows an error page for an unknown client', async () => {
    const response = await authorize('client_id=nobody&response_type=code');

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('text/html');
  });

  it('exchanges a code once for working tokens', async () => {
    const code = await obtainCode();
    const response = await requestToken({ grant_type: 'authorization_code', code });

    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 7200, scopes: 'account repository' });
    expect((await api('/user', { token: String(body['access_token']) })).status).toBe(200);
    expect(bb.statsFor(alice)).toEqual({ codeExchanges: 1, refreshes: 0 });

    const reused = await requestToken({ grant_type: 'authorization_code', code });
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('rotates refresh tokens and rejects the old one', async () => {
    const code = await obtainCode();
    const first = (await (await requestToken({ grant_type: 'authorization_code', code })).json()) as Record<string, string>;

    const refreshed = await requestToken({ grant_type: 'refresh_token', refresh_token: first['refresh_token'] ?? '' });
    expect(refreshed.status).toBe(200);
    const second = (await refreshed.json()) as Record<string, string>;
    expect(second['refresh_token']).not.toBe(first['refresh_token']);
    expect(second['access_token']).not.toBe(first['access_token']);

    const replayed = await requestToken({ grant_type: 'refresh_token', refresh_token: first['refresh_token'] ?? '' });
    expect(replayed.status).toBe(400);
    expect(await replayed.json()).toMatchObject({ error: 'invalid_grant' });

    const again = await requestToken({ grant_type: 'refresh_token', refresh_token: second['refresh_token'] ?? '' });
    expect(again.status).toBe(200);
    expect(bb.statsFor(alice)).toEqual({ codeExchanges: 1, refreshes: 2 });
    expect(bb.stats.rejectedRefreshes).toBe(1);
  });

  it('rejects wrong client credentials', async () => {
    const code = await obtainCode();
    const response = await requestToken({ grant_type: 'authorization_code', code }, 'wrong');

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });
});

describe('workspaces', () => {
  it('lists the workspaces of the user', async () => {
    bb.addWorkspace({ slug: 'other' });
    const response = await api('/user/workspaces');

    const page = (await response.json()) as { values: { administrator: boolean; workspace: { slug: string } }[] };
    expect(page.values).toEqual([
      expect.objectContaining({ type: 'workspace_access', administrator: true, workspace: expect.objectContaining({ slug: 'acme', uuid: acme.uuid }) }),
    ]);
  });

  it('lists members with their uuids', async () => {
    const bob = bb.addUser({ display_name: 'Bob' });
    bb.addMember(acme, bob);
    const response = await api(`/workspaces/${encodeURIComponent(acme.uuid)}/members`);

    expect(response.status).toBe(200);
    const page = (await response.json()) as { values: { type: string; user: { uuid: string } }[] };
    expect(page.values.map((membership) => membership.user.uuid)).toEqual([alice.uuid, bob.uuid]);
    expect(page.values[0]?.type).toBe('workspace_membership');
  });

  it('returns one workspace and the own permission', async () => {
    const workspace = await api('/workspaces/acme');
    const permission = await api('/user/workspaces/acme/permission');

    expect(await workspace.json()).toMatchObject({ type: 'workspace', slug: 'acme', uuid: acme.uuid });
    expect(await permission.json()).toMatchObject({ permission: 'owner', user: { uuid: alice.uuid } });
  });

  it('names an unknown workspace in the 404', async () => {
    const response = await api('/workspaces/nowhere/members');

    expect(response.status).toBe(404);
    expect((await errorOf(response)).error.message).toContain('nowhere');
  });
});

describe('repositories', () => {
  it('filters, sorts and pages with absolute next links', async () => {
    for (const slug of ['api-one', 'api-two', 'web', 'api-three']) bb.addRepository(acme, { slug });
    bb.addRepository(acme, { slug: 'api-tools', project_key: 'TOOLS' });

    const response = await api('/repositories/acme?q=' + encodeURIComponent('name ~ "API" AND project.key = "PROJ"') + '&sort=-name&pagelen=2');
    const page = (await response.json()) as { values: { slug: string }[]; next?: string; size: number };

    expect(page.size).toBe(3);
    expect(page.values.map((repository) => repository.slug)).toEqual(['api-two', 'api-three']);
    expect(page.next?.startsWith(`${bb.apiUrl}/repositories/acme?`)).toBe(true);

    const second = (await (await api(page.next?.slice(bb.apiUrl.length) ?? '')).json()) as { values: { slug: string }[]; next?: string };
    expect(second.values.map((repository) => repository.slug)).toEqual(['api-one']);
    expect(second.next).toBeUndefined();
  });

  it('rejects a pagelen above 100', async () => {
    const response = await api('/repositories/acme?pagelen=101');

    expect(response.status).toBe(400);
    expect((await errorOf(response)).error.message).toBe('Invalid pagelen');
  });

  it('filters by role', async () => {
    const bob = bb.addUser({ display_name: 'Bob' });
    const other = bb.addWorkspace({ slug: 'other' });
    bb.addRepository(other, { slug: 'public', is_private: false });
    bb.addRepository(other, { slug: 'shared' });
    bb.addRepository(other, { slug: 'hidden' });
    bb.grantRepositoryAccess(other, 'shared', bob, 'read');
    const bobToken = bb.issueToken(bob).access_token;

    const all = (await (await api('/repositories/other', { token: bobToken })).json()) as { values: { slug: string }[] };
    const member = (await (await api('/repositories/other?role=member', { token: bobToken })).json()) as { values: { slug: string }[] };
    const contributor = (await (await api('/repositories/other?role=contributor', { token: bobToken })).json()) as { values: unknown[] };

    expect(all.values.map((repository) => repository.slug).sort()).toEqual(['public', 'shared']);
    expect(member.values.map((repository) => repository.slug)).toEqual(['shared']);
    expect(contributor.values).toEqual([]);
  });

  it('creates, refuses a duplicate and deletes', async () => {
    const created = await api('/repositories/acme/new-repo', {
      method: 'POST',
      body: JSON.stringify({ is_private: true, has_issues: true, description: 'New', project: { key: 'PROJ' } }),
    });
    expect(created.status).toBe(200);
    expect(await created.json()).toMatchObject({ full_name: 'acme/new-repo', has_issues: true, is_private: true });

    const duplicate = await api('/repositories/acme/new-repo', { method: 'POST', body: JSON.stringify({}) });
    expect(duplicate.status).toBe(400);

    const deleted = await api('/repositories/acme/new-repo', { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(acme.repositories.has('new-repo')).toBe(false);
    expect((await api('/repositories/acme/new-repo')).status).toBe(404);
  });

  it('finds a repository by uuid', async () => {
    const repository = bb.addRepository(acme, { slug: 'api' });
    const response = await api(`/repositories/${encodeURIComponent(acme.uuid)}/${encodeURIComponent(repository.uuid)}`);

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ slug: 'api', uuid: repository.uuid });
  });

  it('names an unknown repository in the 404', async () => {
    const response = await api('/repositories/acme/missing');

    expect(response.status).toBe(404);
    expect((await errorOf(response)).error.message).toContain('acme/missing');
  });

  it('forbids deletion without admin access', async () => {
    const bob = bb.addUser({ display_name: 'Bob' });
    bb.addMember(acme, bob);
    bb.addRepository(acme, { slug: 'api' });
    const response = await api('/repositories/acme/api', { method: 'DELETE', token: bb.issueToken(bob).access_token });

    expect(response.status).toBe(403);
    expect(acme.repositories.has('api')).toBe(true);
  });
});

describe('faults', () => {
  it('answers an injected status with headers', async () => {
    bb.inject({ path: '/user', kind: 'status', status: 429, headers: { 'retry-after': '3' } });

    const limited = await api('/user');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect((await errorOf(limited)).error.message).toBe('Rate limit for this resource has been exceeded.');
    expect((await api('/user')).status).toBe(200);
  });

  it('delays and then serves', async () => {
    bb.inject({ method: 'GET', path: /\/user$/, kind: 'delay', ms: 50 });

    expect((await api('/user')).status).toBe(200);
  });

  it('serves a delayed request after the client gave up', async () => {
    bb.inject({ method: 'POST', kind: 'delay', ms: 100 });

    await expect(
      api('/repositories/acme/late', { method: 'POST', body: '{}', signal: AbortSignal.timeout(10) }),
    ).rejects.toThrow();
    for (let attempt = 0; attempt < 100 && !acme.repositories.has('late'); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(acme.repositories.has('late')).toBe(true);
  });

  it('drops the connection before serving', async () => {
    bb.inject({ method: 'POST', kind: 'drop' });

    await expect(api('/repositories/acme/dropped', { method: 'POST', body: '{}' })).rejects.toThrow();
    expect(acme.repositories.has('dropped')).toBe(false);
  });

  it('drops the connection after the change', async () => {
    bb.inject({ method: 'POST', kind: 'drop-after-commit' });

    await expect(api('/repositories/acme/committed', { method: 'POST', body: '{}' })).rejects.toThrow();
    expect(acme.repositories.has('committed')).toBe(true);
  });

  it('answers a status after the change', async () => {
    bb.inject({ method: 'POST', kind: 'status-after-commit', status: 503 });

    const response = await api('/repositories/acme/half', { method: 'POST', body: '{}' });
    expect(response.status).toBe(503);
    expect(acme.repositories.has('half')).toBe(true);
  });

  it('uses faults in order and only as often as asked', async () => {
    bb.inject({ path: '/user', kind: 'status', status: 500, times: 2 });
    bb.inject({ path: '/user', kind: 'status', status: 502 });

    const statuses = [];
    for (let attempt = 0; attempt < 4; attempt += 1) statuses.push((await api('/user')).status);
    expect(statuses).toEqual([500, 500, 502, 200]);
  });

  it('closes while a request hangs', async () => {
    bb.inject({ kind: 'hang' });
    const pending = api('/user');
    while (bb.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));

    await bb.close();
    await expect(pending).rejects.toThrow();
  });
});
