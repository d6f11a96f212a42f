import { FakeHttpError, type FakeEnvironment, type FakeRequest } from './http-types.js';

export interface PageOptions {
  /** Bitbucket allows 100 on most lists and 50 on pull requests. */
  maxPagelen: number;
  defaultPagelen?: number;
}

/**
 * Cuts one page out of `items` using the `page` and `pagelen` query parameters and builds
 * Bitbucket's envelope. `next` and `previous` are absolute URLs on the fake that repeat every other
 * query parameter, so a client that follows them as opaque URLs gets the same filter.
 * Throws 400 "Invalid pagelen" or "Invalid page" for values out of range.
 */
export function paginate<T>(
  items: readonly T[],
  request: FakeRequest,
  env: FakeEnvironment,
  options: PageOptions,
): Record<string, unknown> {
  const pagelen = readPositiveInteger(request.query.get('pagelen'), options.defaultPagelen ?? 10);
  if (pagelen === undefined || pagelen > options.maxPagelen) throw new FakeHttpError(400, 'Invalid pagelen');

  const page = readPositiveInteger(request.query.get('page'), 1);
  if (page === undefined) throw new FakeHttpError(400, 'Invalid page');

  const start = (page - 1) * pagelen;
  const envelope: Record<string, unknown> = {
    size: items.length,
    page,
    pagelen,
    values: items.slice(start, start + pagelen),
  };
  if (start + pagelen < items.length) envelope['next'] = buildPageUrl(request, env, page + 1);
  if (page > 1) envelope['previous'] = buildPageUrl(request, env, page - 1);
  return envelope;
}

function readPositiveInteger(value: string | null, fallback: number): number | undefined {
  if (value === null) return fallback;
  if (!/^\d+$/.test(value)) return undefined;
  const parsed = Number(value);
  return parsed >= 1 ? parsed : undefined;
}

function buildPageUrl(request: FakeRequest, env: FakeEnvironment, page: number): string {
  const query = new URLSearchParams(request.query);
  query.set('page', String(page));
  return `${env.url}${request.rawPath}?${query.toString()}`;
}
