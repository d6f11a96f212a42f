import got, { AbortError, type Response } from 'got';

import type { ApiBaseUrl } from './api-base-url.js';
import type { BitbucketResponse, HttpMethod } from './client.js';
import { BitbucketResponseTooLargeError } from './errors.js';

/** One try of a request, as the client's retry loop sends it. */
export interface SingleTry {
  method: HttpMethod;
  token: string;
  accept: string;
  json?: unknown;
  timeoutMs: number;
  maxResponseBytes?: number;
  /** Redirects are followed only under this base URL. */
  base: ApiBaseUrl;
}

/**
 * Sends one HTTP request with got, with no retries of its own, and returns any status as a
 * response. Throws got's errors for timeouts and connection failures, and
 * BitbucketResponseTooLargeError when the body grows past `maxResponseBytes`.
 */
export async function sendOnce(url: URL, options: SingleTry): Promise<BitbucketResponse<Buffer>> {
  const aborter = new AbortController();
  const pending = got(url, {
    method: options.method,
    headers: {
      accept: options.accept,
      authorization: `Bearer ${options.token}`,
      'user-agent': 'bitbucket-slack',
    },
    json: options.json,
    responseType: 'buffer',
    throwHttpErrors: false,
    retry: { limit: 0 },
    timeout: { request: options.timeoutMs },
    signal: aborter.signal,
    // Only redirects under the API base URL are followed (Bitbucket returns 301 for LFS files),
    // so the token is never sent to another host. Any other redirect is reported as an error.
    followRedirect: (response) => {
      const location = response.headers.location;
      return location !== undefined && URL.canParse(location, response.url) && options.base.contains(new URL(location, response.url));
    },
  });

  const maxBytes = options.maxResponseBytes;
  let tooLarge = false;
  if (maxBytes !== undefined) {
    pending.on('downloadProgress', (progress) => {
      if (progress.transferred > maxBytes && !tooLarge) {
        tooLarge = true;
        aborter.abort();
      }
    });
  }

  try {
    const response: Response<Uint8Array> = await pending;
    const body = response.body;
    return {
      status: response.statusCode,
      headers: response.headers,
      body: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
      url: response.url,
    };
  } catch (error) {
    if (tooLarge && error instanceof AbortError && maxBytes !== undefined) {
      const path = options.base.describePath(url);
      throw new BitbucketResponseTooLargeError(
        `Bitbucket's response to ${options.method} ${path} is larger than ${maxBytes} bytes, so it was not read.`,
        { method: options.method, path },
        maxBytes,
        { cause: error },
      );
    }
    throw error;
  }
}
