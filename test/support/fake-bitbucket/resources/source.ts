/** GET .../src/{commit}/{path}: raw files, file and directory meta, and directory listings. */
import { parseBbql, sortByField } from '../bbql.js';
import { buildAttachmentDisposition, findContentType } from '../content-types.js';
import { isBinaryContent, isDirectory, listDirectory, resolveRevision, type TreeEntry } from '../git-model.js';
import { FakeHttpError, jsonResponse, type ApiRoute, type FakeEnvironment, type RouteContext } from '../http-types.js';
import type { FakeCommit, FakeRepository } from '../model.js';
import { paginate } from '../pagination.js';
import { encodeFilePath, encodeSegment, link, repositoryApiUrl, repositoryHtmlUrl } from '../representations.js';
import { requireRouteRepository } from './refs.js';

export const sourceRoutes: ApiRoute[] = [
  {
    method: 'GET',
    template: '/repositories/{workspace}/{repo_slug}/src/{commit}/{path}',
    scope: 'repository',
    handle: getSource,
  },
];

/**
 * Serves a file as raw bytes (or its meta JSON with `?format=meta`) and a directory as a paginated
 * listing. The root needs a trailing `/`. `{commit}` is a hash, branch or tag. As in Bitbucket, a
 * branch name with `/` does not resolve here, so clients must resolve such a branch to a hash.
 */
function getSource(context: RouteContext) {
  const { request, env } = context;
  const repository = requireRouteRepository(context);
  const revision = context.params['commit'] ?? '';
  const commit = revision.includes('/') ? undefined : resolveRevision(repository, revision);
  if (commit === undefined) throw new FakeHttpError(404, `Commit ${revision} not found in ${repository.workspace.slug}/${repository.slug}`);

  const requestedPath = context.params['path'] ?? '';
  const directoryRequested = requestedPath === '' || requestedPath.endsWith('/');
  const path = requestedPath.replace(/\/+$/, '');
  const format = request.query.get('format');

  const content = commit.tree.get(path);
  if (content !== undefined && !directoryRequested) {
    if (format === 'meta') return jsonResponse(renderFileEntry(repository, commit, path, content, env));
    // NOTE: `format=rendered` (HTML of markup files) is not implemented by the fake.
    if (format === 'rendered') throw new FakeHttpError(501, 'fake-bitbucket: format=rendered is not implemented');
    return {
      status: 200,
      headers: { 'content-type': findContentType(path), 'content-disposition': buildAttachmentDisposition(path) },
      body: content,
    };
  }

  if (!isDirectory(commit.tree, path)) {
    throw new FakeHttpError(404, `No such file or directory: ${path === '' ? '/' : path} at ${revision}`);
  }
  if (format === 'meta') return jsonResponse(renderDirectoryEntry(repository, commit, path, env));

  // NOTE: `max_depth` is accepted but ignored: listings never recurse.
  const entries = listDirectory(commit.tree, path).map((entry) => renderTreeEntry(repository, commit, entry, env));
  const q = request.query.get('q');
  const filtered = q === null ? entries : entries.filter(parseBbql(q));
  return jsonResponse(paginate(sortByField(filtered, request.query.get('sort')), request, env, { maxPagelen: 100 }));
}

function renderTreeEntry(repository: FakeRepository, commit: FakeCommit, entry: TreeEntry, env: FakeEnvironment) {
  if (entry.kind === 'directory') return renderDirectoryEntry(repository, commit, entry.path, env);
  return renderFileEntry(repository, commit, entry.path, commit.tree.get(entry.path) ?? Buffer.alloc(0), env);
}

function renderFileEntry(
  repository: FakeRepository,
  commit: FakeCommit,
  path: string,
  content: Buffer,
  env: FakeEnvironment,
): Record<string, unknown> {
  const srcUrl = `${repositoryApiUrl(repository, env)}/src/${commit.hash}/${encodeFilePath(path)}`;
  return {
    type: 'commit_file',
    path,
    escaped_path: path,
    size: content.length,
    mimetype: findContentType(path),
    attributes: isBinaryContent(content) ? ['binary'] : [],
    commit: renderCommitReference(repository, commit, env),
    links: {
      self: link(srcUrl),
      meta: link(`${srcUrl}?format=meta`),
      history: link(`${repositoryApiUrl(repository, env)}/filehistory/${commit.hash}/${encodeFilePath(path)}`),
    },
  };
}

function renderDirectoryEntry(
  repository: FakeRepository,
  commit: FakeCommit,
  path: string,
  env: FakeEnvironment,
): Record<string, unknown> {
  const srcUrl = `${repositoryApiUrl(repository, env)}/src/${commit.hash}/${path === '' ? '' : `${encodeFilePath(path)}/`}`;
  return {
    type: 'commit_directory',
    path,
    commit: renderCommitReference(repository, commit, env),
    links: { self: link(srcUrl), meta: link(`${srcUrl}?format=meta`) },
  };
}

function renderCommitReference(repository: FakeRepository, commit: FakeCommit, env: FakeEnvironment) {
  return {
    type: 'commit',
    hash: commit.hash,
    links: {
      self: link(`${repositoryApiUrl(repository, env)}/commit/${commit.hash}`),
      html: link(`${repositoryHtmlUrl(repository, env)}/commits/${encodeSegment(commit.hash)}`),
    },
  };
}
