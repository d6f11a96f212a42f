import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Snippet } from '../../src/bitbucket/types.js';
import { startActionHarness, type ActionHarness } from '../support/action-harness.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]);

let harness: ActionHarness;
let snippetId: string;

beforeEach(async () => {
  harness = await startActionHarness();
  snippetId = harness.bb.addSnippet(harness.acme, {
    encoded_id: 'kypj',
    title: 'My snippet',
    owner: harness.alice,
    files: { 'foo.txt': 'foo\n', 'image.png': PNG },
  });
});

afterEach(async () => {
  harness.bb.assertRequestsValid();
  await harness.close();
});

function filesOf(data: unknown): Record<string, { content?: string; binary?: boolean; size?: number }> {
  return Object.fromEntries((data as Snippet).files.map((file) => [file.name, file]));
}

describe('BITBUCKET_GET_SNIPPET', () => {
  it('returns file contents with application/json', async () => {
    const result = await harness.run('BITBUCKET_GET_SNIPPET', { workspace: 'acme', encoded_id: snippetId });

    expect(result.successful).toBe(true);
    expect(result.data).toMatchObject({ title: 'My snippet' });
    const files = filesOf(result.data);
    expect(files['foo.txt']).toMatchObject({ content: 'foo\n', size: 4 });
    expect(files['image.png']).toMatchObject({ binary: true, size: PNG.length });
    expect(files['image.png']).not.toHaveProperty('content');
    expect(harness.bb.requests).toHaveLength(3);
  });

  it.each(['multipart/related', 'multipart/form-data'])('returns the same files with %s in one request', async (format) => {
    const result = await harness.run('BITBUCKET_GET_SNIPPET', { workspace: 'acme', encoded_id: snippetId, accept_format: format });

    expect(result.successful).toBe(true);
    expect(result.data).toMatchObject({ title: 'My snippet' });
    const files = filesOf(result.data);
    expect(files['foo.txt']).toMatchObject({ content: 'foo\n' });
    expect(files['image.png']).toMatchObject({ binary: true, size: PNG.length });
    expect(harness.bb.requests).toHaveLength(1);
    expect(harness.bb.requests[0]?.headers.accept).toBe(format);
  });

  it.each(['multipart/related', 'multipart/form-data'])('keeps non-ASCII file names with %s', async (format) => {
    harness.bb.addSnippet(harness.acme, {
      encoded_id: 'names',
      title: 'Names',
      owner: harness.alice,
      files: { 'ü.txt': 'u', 'ö.txt': 'o' },
    });

    const result = await harness.run('BITBUCKET_GET_SNIPPET', { workspace: 'acme', encoded_id: 'names', accept_format: format });

    const files = filesOf(result.data);
    expect(Object.keys(files).sort()).toEqual(['ö.txt', 'ü.txt']);
    expect(files['ü.txt']).toMatchObject({ content: 'u' });
    expect(files['ö.txt']).toMatchObject({ content: 'o' });
  });

  it.each(['multipart/related', 'multipart/form-data'])('reads file by file when %s is too large', async (format) => {
    const large = Buffer.alloc(5 * 1024 * 1024, 0x61);
    harness.bb.addSnippet(harness.acme, {
      encoded_id: 'large',
      title: 'Large',
      owner: harness.alice,
      files: { 'large.txt': large, 'small.txt': 's' },
    });

    const result = await harness.run('BITBUCKET_GET_SNIPPET', { workspace: 'acme', encoded_id: 'large', accept_format: format });

    expect(result.successful).toBe(true);
    expect(result.data).toMatchObject({ title: 'Large' });
    const files = filesOf(result.data);
    expect(files['large.txt']).toMatchObject({ too_large: true });
    expect(files['small.txt']).toMatchObject({ content: 's' });
    expect(harness.bb.requests.map((request) => request.headers.accept)).toEqual([format, 'application/json', '*/*', '*/*']);
  });

  it('reports a missing snippet', async () => {
    const result = await harness.run('BITBUCKET_GET_SNIPPET', { workspace: 'acme', encoded_id: 'nope' });

    expect(result.successful).toBe(false);
    expect(result.error).toMatch(/^Snippet nope in acme was not found on Bitbucket/);
  });

  it('rejects an unknown accept_format before any request', async () => {
    const result = await harness.run('BITBUCKET_GET_SNIPPET', { workspace: 'acme', encoded_id: snippetId, accept_format: 'text/html' });

    expect(result.error).toBe('accept_format: expected one of application/json, multipart/related, multipart/form-data, got "text/html"');
    expect(harness.bb.requests).toHaveLength(0);
  });
});

describe('BITBUCKET_CREATE_SNIPPET_COMMENT', () => {
  it('comments on a snippet', async () => {
    const result = await harness.run('BITBUCKET_CREATE_SNIPPET_COMMENT', { workspace: 'acme', encoded_id: snippetId, content: 'Nice' });

    expect(result.successful).toBe(true);
    expect(result.data).toMatchObject({ content: { raw: 'Nice' } });
    expect(harness.bb.requests[0]?.body).toEqual({ content: { raw: 'Nice' } });
  });

  it('replies to a comment with parent_id', async () => {
    const first = await harness.run('BITBUCKET_CREATE_SNIPPET_COMMENT', { workspace: 'acme', encoded_id: snippetId, content: 'Question?' });
    const parentId = (first.data as { id: number }).id;

    const result = await harness.run('BITBUCKET_CREATE_SNIPPET_COMMENT', {
      workspace: 'acme',
      encoded_id: snippetId,
      content: 'Answer.',
      parent_id: parentId,
    });

    expect(result.successful).toBe(true);
    expect(result.data).toMatchObject({ parent: { id: parentId } });
    expect(harness.bb.requests[1]?.body).toEqual({ content: { raw: 'Answer.' }, parent: { id: parentId } });
  });

  it('rejects empty content before any request', async () => {
    const result = await harness.run('BITBUCKET_CREATE_SNIPPET_COMMENT', { workspace: 'acme', encoded_id: snippetId, content: '   ' });

    expect(result.error).toBe('content: expected the comment text, got "   "');
    expect(harness.bb.requests).toHaveLength(0);
  });
});
