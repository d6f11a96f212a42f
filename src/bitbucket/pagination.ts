import type { Logger } from '../logging/logger.js';
import type { BitbucketClient, BitbucketRequest } from './client.js';
import { BitbucketInvalidResponseError } from './errors.js';
import type { TokenSource } from './token-source.js';
import type { Page } from './types.js';

export interface PaginationOptions {
  /** Items per page to request, capped at `maxPagelen`. Defaults to `maxPagelen`. */
  pagelen?: number;
  /** Bitbucket's largest page size for the endpoint: 50 for pull requests, 100 elsewhere. */
  maxPagelen?: number;
  /** Pages read at most before the result is marked truncated. Default 20. */
  maxPages?: number;
}

/** Every value of the pages that were read. */
export interface CollectedPages<T> {
  values: T[];
  pages: number;
  /** True when more pages existed but were not read (page limit, or a `next` link off the API). */
  truncated: boolean;
}

export const DEFAULT_MAX_PAGES = 20;
export const DEFAULT_MAX_PAGELEN = 100;

/**
 * Reads a paginated GET by following each page's `next` link as an opaque URL. A `next` link
 * outside the API base URL is not followed, so the token never leaves the API host.
 */
export async function collectPages<T>(
  client: BitbucketClient,
  tokens: TokenSource,
  request: BitbucketRequest,
  options: PaginationOptions,
  logger: Logger,
): Promise<CollectedPages<T>> {
  const maxPagelen = options.maxPagelen ?? DEFAULT_MAX_PAGELEN;
  const pagelen = Math.min(options.pagelen ?? maxPagelen, maxPagelen);
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;

  const values: T[] = [];
  let next: BitbucketRequest | undefined = { ...request, query: { ...request.query, pagelen } };
  let pages = 0;

  while (next) {
    const page: Page<T> = await requestPage<T>(client, tokens, next, request.path);
    pages += 1;
    // A loop, because spreading a very long page into push() overflows the call stack.
    for (const value of page.values) values.push(value);

    if (!page.next) return { values, pages, truncated: false };

    if (pages >= maxPages) {
      logger.info(
        { method: request.method, path: request.path, pages },
        `Stopped reading ${request.path} after ${pages} pages; the result is truncated`,
      );
      return { values, pages, truncated: true };
    }

    if (!client.isApiUrl(page.next)) {
      logger.warn(
        { method: request.method, path: request.path, pages },
        `Bitbucket's next page link for ${request.path} points outside ${client.baseUrl}; it was not followed and the result is truncated`,
      );
      return { values, pages, truncated: true };
    }

    next = { ...request, path: page.next, query: undefined };
  }

  return { values, pages, truncated: false };
}

/**
 * Sends a GET for one page and checks that the body is Bitbucket's paginated envelope: an object
 * whose `values` is an array (a missing one counts as empty) and whose `next` is a string when
 * present. Throws BitbucketInvalidResponseError otherwise, naming `listPath` (the list's first path).
 */
export async function requestPage<T>(
  client: BitbucketClient,
  tokens: TokenSource,
  request: BitbucketRequest,
  listPath = request.path,
): Promise<Page<T>> {
  const body: unknown = await client.requestJson<unknown>(tokens, request);
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  const page = isObject ? (body as Record<string, unknown>) : {};
  const values = page['values'] ?? [];
  const next = page['next'] ?? undefined;

  const isPage = isObject && Array.isArray(values) && (next === undefined || typeof next === 'string');
  if (!isPage) {
    throw new BitbucketInvalidResponseError(
      `Bitbucket's response to ${request.method} ${listPath} is not a page of a Bitbucket list (expected an object with a "values" array).`,
      { method: request.method, path: listPath },
    );
  }
  return { ...page, values, next } as Page<T>;
}
