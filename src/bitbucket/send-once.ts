import got, { AbortError, type Got, type Response } from 'got';

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
}

/** Sends one try of a request; see createSendOnce. */
export type SendOnce = (url: URL, options: SingleTry) => Promise<BitbucketResponse<Buffer>>;

/**
 * Creates the function that sends one HTTP request with got, with no retries of its own, and
 * returns any status as a response. It throws got's errors for timeouts and connection failures,
 * and BitbucketResponseTooLargeError when the body grows past `maxResponseBytes`. The options
 * every request shares are merged once into a got instance, because got normalises every option
 * it is given on each call. Redirects are followed only under `base`.
 */
export function createSendOnce(base: ApiBaseUrl): SendOnce {
  const client = got.extend({
    headers: { 'user-agent': 'bitbucket-slack' },
    throwHttpErrors: false,
    retry: { limit: 0 },
    // Only redirects under the API base URL are followed (Bitbucket returns 301 for LFS files),
    // so the token is never sent to another host. Any other redirect is reported as an error.
    followRedirect: (response) => {
      const location = response.headers.location;
      return location !== undefined && URL.canParse(location, response.url) && base.contains(new URL(location, response.url));
    },
  });
  return (url, options) => sendWith(client, base, url, options);
}

async function sendWith(client: Got, base: ApiBaseUrl, url: URL, options: SingleTry): Promise<BitbucketResponse<Buffer>> {
  const aborter = new AbortController();
  const pending = client(url, {
    method: options.method,
    headers: {
      accept: options.accept,
      authorization: `Bearer ${options.token}`,
    },
    json: options.json,
    responseType: 'buffer',
    timeout: { request: options.timeoutMs },
    signal: aborter.signal,
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
      const path = base.describePath(url);
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
