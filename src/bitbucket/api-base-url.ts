import { BitbucketInvalidResponseError } from './errors.js';

export type QueryValue = string | number | boolean | ReadonlyArray<string | number> | undefined;

/**
 * The API base URL, such as https://api.bitbucket.org/2.0. It builds request URLs under it and
 * decides which absolute URLs (`next` links, redirects) the token may be sent to.
 */
export class ApiBaseUrl {
  /** The base URL without a trailing slash. */
  readonly href: string;
  private readonly origin: string;
  private readonly basePath: string;

  /** Throws TypeError for a URL that does not parse or has a query string or fragment. */
  constructor(baseUrl: string) {
    this.href = baseUrl.replace(/\/+$/, '');
    const parsed = new URL(this.href);
    // Request paths are appended to the base URL as text, so they would land inside the query or fragment.
    if (parsed.search !== '' || parsed.hash !== '') {
      throw new TypeError(
        `The Bitbucket API URL ${parsed.origin}${parsed.pathname} has a query string or fragment. Use a URL such as https://api.bitbucket.org/2.0.`,
      );
    }
    this.origin = parsed.origin;
    this.basePath = parsed.pathname.replace(/\/+$/, '');
  }

  /** Returns true when `url` is on the same origin and under the base path. */
  contains(url: string | URL): boolean {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    return parsed.origin === this.origin && (parsed.pathname === this.basePath || parsed.pathname.startsWith(`${this.basePath}/`));
  }

  /**
   * Builds the URL of a request: `path` is an encoded path starting with "/", or an absolute URL
   * under the base URL. Array query values become repeated parameters. Throws
   * BitbucketInvalidResponseError for an absolute URL anywhere else, before any token is sent.
   */
  resolve(method: string, path: string, query: Record<string, QueryValue> = {}): URL {
    let url: URL;
    if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
      if (!this.contains(path)) {
        const origin = URL.canParse(path) ? new URL(path).origin : path;
        throw new BitbucketInvalidResponseError(
          `Bitbucket linked to ${origin}, which is not the API at ${this.href}, so the link was not followed.`,
          { method, path },
        );
      }
      url = new URL(path);
    } else {
      if (!path.startsWith('/')) throw new TypeError(`Bitbucket request paths start with "/", got ${JSON.stringify(path)}`);
      url = new URL(`${this.href}${path}`);
    }

    for (const [name, value] of Object.entries(query)) {
      if (value === undefined) continue;
      const values = Array.isArray(value) ? value : [value];
      for (const item of values) url.searchParams.append(name, String(item));
    }
    return url;
  }

  /** Returns the path below the base URL without the query string, e.g. "/user", for logs and errors. */
  describePath(url: URL): string {
    if (url.origin === this.origin && url.pathname.startsWith(`${this.basePath}/`)) {
      return url.pathname.slice(this.basePath.length);
    }
    return `${url.origin}${url.pathname}`;
  }
}
