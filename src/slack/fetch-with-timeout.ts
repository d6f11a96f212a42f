/**
 * Wraps `fetch` so every request ends within `timeoutMs`. Bolt sends both Web API calls and
 * `respond()` through this function, and neither has a timeout of its own in Bolt 5.1, so a hung
 * Slack endpoint would otherwise keep a listener waiting forever.
 */
export function createFetchWithTimeout(timeoutMs: number, baseFetch: typeof fetch = globalThis.fetch): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return baseFetch(input, { ...init, signal });
  };
}
