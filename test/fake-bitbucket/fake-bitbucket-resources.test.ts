import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  issuesRemovedMessage,
  startFakeBitbucket,
  violationMessagePrefix,
  type FakeBitbucket,
  type FakeRepository,
  type FakeUser,
} from '../support/fake-bitbucket/index.js';

interface ErrorBody {
  type: string;
  error: { message: string; fields?: Record<string, string[]> };
}

interface Page<T> {
  values: T[];
  next?: string;
  size?: number;
}

let bb: FakeBitbucket;
let alice: FakeUser;
let bob: FakeUser;
let repository: FakeRepository;
let token: string;

const pngBytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);

beforeEach(async () => {
  bb = await startFakeBitbucket();
  alice = bb.addUser({ display_name: 'Alice' });
  bob = bb.addUser({ display_name: 'Bob' });
  const acme = bb.addWorkspace({ slug: 'acme' });
  bb.addMember(acme, alice, { administrator: true });
  bb.addMember(acme, bob);
  repository = bb.addRepository(acme, {
    slug: 'api',
    files: {
      'README.md': '# API\n',
      'docs/Release Notes #2/ü.md': 'Grüße\n',
      'docs/guide.txt': 'guide',
      'assets/logo.png': pngBytes,
    },
  });
  token = bb.issueToken(alice).access_token;
});

afterEach(async () => {
  await bb.close();
});

function api(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${init.token ?? token}`);
  if (typeof init.body === 'string') headers.set('content-type', 'application/json');
  return fetch(`${bb.apiUrl}${path}`, { ...init, headers });
}

function post(path: string, body: unknown, method = 'POST'): Promise<Response> {
  return api(path, { method, body: JSON.stringify(body) });
}

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

describe('branches and commits', () => {
  it('round-trips a branch name with a slash', async () => {
    const hash = bb.addCommit('acme', 'api', { branch: 'feature/ä-x', files: { 'new.txt': 'new' } });
    const response = await api(`/repositories/acme/api/refs/branches/${encodeURIComponent('feature/ä-x')}`);

    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ type: 'branch', name: 'feature/ä-x', target: { hash } });
  });

  it('lists branches', async () => {
    bb.addCommit('acme', 'api', { branch: 'dev', files: { 'a.txt': 'a' } });
    const page = await json<Page<{ name: string }>>(await api('/repositories/acme/api/refs/branches'));

    expect(page.values.map((branch) => branch.name)).toEqual(['dev', 'main']);
  });

  it('creates a branch from a full hash', async () => {
    const hash = repository.branches.get('main') ?? '';
    const response = await post('/repositories/acme/api/refs/branches', { name: 'feature/new', target: { hash } });

    expect(response.status).toBe(201);
    expect(await json(response)).toMatchObject({ name: 'feature/new', target: { hash } });
    expect(repository.branches.get('feature/new')).toBe(hash);
    expect(bb.requests[0]?.violations).toEqual([]);
  });

  it('rejects short, unknown and duplicate targets', async () => {
    const hash = repository.branches.get('main') ?? '';
    const short = await post('/repositories/acme/api/refs/branches', { name: 'x', target: { hash: hash.slice(0, 12) } });
    const unknown = await post('/repositories/acme/api/refs/branches', { name: 'x', target: { hash: 'a'.repeat(40) } });
    const duplicate = await post('/repositories/acme/api/refs/branches', { name: 'main', target: { hash } });

    expect(short.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect(duplicate.status).toBe(400);
    expect((await json<ErrorBody>(duplicate)).error.fields?.['name']).toBeDefined();
    expect(repository.branches.has('x')).toBe(false);
  });

  it('checks the create-branch body against the branch schema', async () => {
    const response = await post('/repositories/acme/api/refs/branches', { name: 5, target: { hash: 'abc' } });

    expect(response.status).toBe(400);
    expect((await json<ErrorBody>(response)).error.message.startsWith(violationMessagePrefix)).toBe(true);
  });

  it('gets tags and commits by revision', async () => {
    const hash = repository.branches.get('main') ?? '';
    bb.addTag('acme', 'api', 'v1.0', hash);

    expect(await json(await api('/repositories/acme/api/refs/tags/v1.0'))).toMatchObject({ type: 'tag', target: { hash } });
    expect(await json(await api(`/repositories/acme/api/commit/${hash}`))).toMatchObject({ hash });
    expect(await json(await api('/repositories/acme/api/commit/main'))).toMatchObject({ hash });
    expect((await api('/repositories/acme/api/refs/tags/v9')).status).toBe(404);
  });
});

describe('pull requests', () => {
  beforeEach(() => {
    bb.addCommit('acme', 'api', { branch: 'feature', files: { 'f.txt': 'f' } });
  });

  it('creates with the main branch as destination', async () => {
    const response = await post('/repositories/acme/api/pullrequests', { title: 'Add f', source: { branch: { name: 'feature' } } });

    expect(response.status).toBe(201);
    const created = await json<Record<string, unknown>>(response);
    expect(created).toMatchObject({ id: 1, state: 'OPEN', destination: { branch: { name: 'main' } }, author: { uuid: alice.uuid } });
    expect(repository.pullRequests.get(1)?.title).toBe('Add f');
  });

  it('rejects an unknown source branch', async () => {
    const response = await post('/repositories/acme/api/pullrequests', { title: 'X', source: { branch: { name: 'nope' } } });

    expect(response.status).toBe(400);
    expect((await json<ErrorBody>(response)).error.fields?.['source']).toBeDefined();
  });

  it('rejects a pull request without changes', async () => {
    bb.addCommit('acme', 'api', { branch: 'same', files: {} });
    repository.branches.set('same', repository.branches.get('main') ?? '');
    const response = await post('/repositories/acme/api/pullrequests', { title: 'X', source: { branch: { name: 'same' } } });

    expect(response.status).toBe(400);
    expect((await json<ErrorBody>(response)).error.message).toBe('There are no changes to be pulled.');
  });

  it('rejects reviewers given by name', async () => {
    const response = await post('/repositories/acme/api/pullrequests', {
      title: 'X',
      source: { branch: { name: 'feature' } },
      reviewers: [{ username: 'bob' }],
    });

    expect(response.status).toBe(400);
    const body = await json<ErrorBody>(response);
    expect(body.error.message).toBe('reviewers: Malformed reviewers list');
    expect(body.error.fields).toEqual({ reviewers: ['Malformed reviewers list'] });
  });

  it('accepts reviewers given by uuid', async () => {
    const response = await post('/repositories/acme/api/pullrequests', {
      title: 'X',
      source: { branch: { name: 'feature' } },
      reviewers: [{ uuid: bob.uuid }],
    });

    expect(response.status).toBe(201);
    expect(await json(response)).toMatchObject({ reviewers: [{ uuid: bob.uuid }] });
  });

  it('lists by repeated state and caps pagelen at 50', async () => {
    bb.addPullRequest('acme', 'api', { title: 'Open', source: 'feature', author: alice });
    bb.addPullRequest('acme', 'api', { title: 'Merged', source: 'feature', author: alice, state: 'MERGED' });
    bb.addPullRequest('acme', 'api', { title: 'Declined', source: 'feature', author: alice, state: 'DECLINED' });

    const open = await json<Page<{ title: string }>>(await api('/repositories/acme/api/pullrequests'));
    const some = await json<Page<{ title: string }>>(await api('/repositories/acme/api/pullrequests?state=OPEN&state=MERGED'));
    const tooLong = await api('/repositories/acme/api/pullrequests?pagelen=51');

    expect(open.values.map((pullRequest) => pullRequest.title)).toEqual(['Open']);
    expect(some.values.map((pullRequest) => pullRequest.title)).toEqual(['Merged', 'Open']);
    expect(tooLong.status).toBe(400);
    expect((await json<ErrorBody>(tooLong)).error.message).toBe('Invalid pagelen');
    expect(bb.requests.flatMap((request) => request.violations)).toEqual([]);
  });

  it('lists reviewers only when asked', async () => {
    bb.addPullRequest('acme', 'api', { title: 'Open', source: 'feature', author: alice, reviewers: [bob] });

    const plain = await json<Page<Record<string, unknown>>>(await api('/repositories/acme/api/pullrequests'));
    const withReviewers = await json<Page<Record<string, unknown>>>(
      await api('/repositories/acme/api/pullrequests?fields=%2Bvalues.reviewers'),
    );

    expect(plain.values[0]).not.toHaveProperty('reviewers');
    expect(withReviewers.values[0]).toMatchObject({ reviewers: [{ uuid: bob.uuid }] });
  });

  it('gets one pull request or 404', async () => {
    const id = bb.addPullRequest('acme', 'api', { title: 'Open', source: 'feature', author: alice });

    expect(await json(await api(`/repositories/acme/api/pullrequests/${id}`))).toMatchObject({ id, title: 'Open' });
    expect((await api('/repositories/acme/api/pullrequests/99')).status).toBe(404);
  });
});

describe('issues', () => {
  it('responds 410 while issues are removed', async () => {
    const response = await post('/repositories/acme/api/issues', { title: 'Bug' });

    expect(response.status).toBe(410);
    expect((await json<ErrorBody>(response)).error.message).toBe(issuesRemovedMessage);
    expect(repository.issues.size).toBe(0);
  });

  it('responds 404 without an issue tracker', async () => {
    bb.setIssuesRemoved(false);
    const response = await api('/repositories/acme/api/issues');

    expect(response.status).toBe(404);
    expect((await json<ErrorBody>(response)).error.message).toBe('Repository has no issue tracker.');
  });

  it('creates, updates, comments and deletes', async () => {
    bb.setIssuesRemoved(false);
    const tracked = bb.addRepository('acme', { slug: 'tracked', has_issues: true, components: ['ui'] });

    const created = await post('/repositories/acme/tracked/issues', {
      title: 'Crash',
      content: { raw: 'It crashes' },
      kind: 'bug',
      assignee: { account_id: bob.account_id },
      component: { name: 'ui' },
    });
    expect(created.status).toBe(201);
    const issue = await json<{ id: number }>(created);
    expect(tracked.issues.get(issue.id)?.assignee?.uuid).toBe(bob.uuid);

    const updated = await post(`/repositories/acme/tracked/issues/${issue.id}`, { state: 'resolved', assignee: null }, 'PUT');
    expect(updated.status).toBe(200);
    expect(await json(updated)).toMatchObject({ state: 'resolved', assignee: null, title: 'Crash', component: { name: 'ui' } });

    const commented = await post(`/repositories/acme/tracked/issues/${issue.id}/comments`, { content: { raw: 'Fixed' } });
    expect(commented.status).toBe(201);
    expect(tracked.issues.get(issue.id)?.comments.map((comment) => comment.raw)).toEqual(['Fixed']);

    expect((await api(`/repositories/acme/tracked/issues/${issue.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(tracked.issues.size).toBe(0);
    expect(bb.requests.flatMap((request) => request.violations)).toEqual([]);
  });

  it('checks the update body against the issue schema', async () => {
    bb.setIssuesRemoved(false);
    bb.addRepository('acme', { slug: 'tracked', has_issues: true });
    const id = bb.addIssue('acme', 'tracked', { title: 'Crash' });

    const response = await post(`/repositories/acme/tracked/issues/${id}`, { kind: 'feature' }, 'PUT');

    expect(response.status).toBe(400);
    expect(bb.requests[0]?.violations[0]).toContain('kind');
  });
});

describe('source', () => {
  it('returns a file as raw bytes', async () => {
    const response = await api(`/repositories/acme/api/src/main/${encodePath('docs/Release Notes #2/ü.md')}`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/markdown');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(await response.text()).toBe('Grüße\n');
    expect(bb.requests[0]?.path).toBe('/2.0/repositories/acme/api/src/main/docs/Release Notes #2/ü.md');
  });

  it('returns binary bytes unchanged', async () => {
    const response = await api('/repositories/acme/api/src/main/assets/logo.png');

    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(pngBytes);
  });

  it('lists the root with a trailing slash', async () => {
    const page = await json<Page<{ type: string; path: string }>>(await api('/repositories/acme/api/src/main/'));

    expect(page.values.map((entry) => [entry.type, entry.path])).toEqual([
      ['commit_directory', 'assets'],
      ['commit_directory', 'docs'],
      ['commit_file', 'README.md'],
    ]);
  });

  it('lists a subdirectory', async () => {
    const page = await json<Page<{ path: string }>>(await api('/repositories/acme/api/src/main/docs/'));

    expect(page.values.map((entry) => entry.path)).toEqual(['docs/Release Notes #2', 'docs/guide.txt']);
  });

  it('returns meta with the binary attribute', async () => {
    const binary = await json(await api('/repositories/acme/api/src/main/assets/logo.png?format=meta'));
    const text = await json(await api('/repositories/acme/api/src/main/README.md?format=meta'));

    expect(binary).toMatchObject({ type: 'commit_file', path: 'assets/logo.png', size: pngBytes.length, attributes: ['binary'] });
    expect(text).toMatchObject({ type: 'commit_file', attributes: [] });
  });

  it('resolves hashes and tags but not slashed branches', async () => {
    const hash = bb.addCommit('acme', 'api', { branch: 'feature/x', files: { 'README.md': '# New\n' } });
    bb.addTag('acme', 'api', 'v2', hash);

    expect(await (await api(`/repositories/acme/api/src/${hash}/README.md`)).text()).toBe('# New\n');
    expect(await (await api('/repositories/acme/api/src/v2/README.md')).text()).toBe('# New\n');
    expect((await api(`/repositories/acme/api/src/${encodeURIComponent('feature/x')}/README.md`)).status).toBe(404);
  });

  it('responds 404 for a missing path', async () => {
    const response = await api('/repositories/acme/api/src/main/nothing.txt');

    expect(response.status).toBe(404);
  });
});

describe('snippets', () => {
  let encodedId: string;

  beforeEach(() => {
    encodedId = bb.addSnippet('acme', { title: 'Notes', owner: alice, files: { 'notes.txt': 'hello', 'logo.png': pngBytes } });
  });

  it('returns JSON with file links', async () => {
    const snippet = await json<{ title: string; files: Record<string, { links: { self: { href: string } } }> }>(
      await api(`/snippets/acme/${encodedId}`),
    );

    expect(snippet.title).toBe('Notes');
    expect(Object.keys(snippet.files).sort()).toEqual(['logo.png', 'notes.txt']);
    const fileUrl = snippet.files['notes.txt']?.links.self.href ?? '';
    expect(await (await api(fileUrl.slice(bb.apiUrl.length))).text()).toBe('hello');
  });

  it('returns a file by name', async () => {
    const response = await api(`/snippets/acme/${encodedId}/files/notes.txt`);

    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(await response.text()).toBe('hello');
  });

  it('returns multipart/related on request', async () => {
    const response = await api(`/snippets/acme/${encodedId}`, { headers: { accept: 'multipart/related' } });

    expect(response.headers.get('content-type')).toMatch(/^multipart\/related; start="snippet"; boundary=/);
    const text = await response.text();
    expect(text).toContain('Content-ID: snippet');
    expect(text).toContain('"title":"Notes"');
    expect(text).toContain('hello');
    expect(text).toContain(pngBytes.toString('base64'));
  });

  it('adds comments and replies', async () => {
    const first = await post(`/snippets/acme/${encodedId}/comments`, { content: { raw: 'Nice' } });
    expect(first.status).toBe(201);
    const { id } = await json<{ id: number }>(first);

    const reply = await post(`/snippets/acme/${encodedId}/comments`, { content: { raw: 'Thanks' }, parent: { id } });
    expect(reply.status).toBe(201);
    expect(await json(reply)).toMatchObject({ parent: { id } });

    const orphan = await post(`/snippets/acme/${encodedId}/comments`, { content: { raw: 'Lost' }, parent: { id: 999 } });
    expect(orphan.status).toBe(400);
    expect(bb.requests.flatMap((request) => request.violations)).toEqual([]);
  });

  it('hides a private snippet from outsiders', async () => {
    const carol = bb.addUser({ display_name: 'Carol' });
    const response = await api(`/snippets/acme/${encodedId}`, { token: bb.issueToken(carol).access_token });

    expect(response.status).toBe(403);
  });
});
