import { cacheKey, slackOwnerId, type SlackUserRef } from '../../connections/keys.js';
import type { Store } from '../../connections/store.js';

/**
 * How long a select menu's list stays cached per user. Every keystroke in a menu sends an options
 * request, and all users of the app share one Bitbucket rate limit, so a user's keystrokes within
 * a minute are served from the cache.
 */
export const OPTION_LIST_TTL_MS = 60_000;

/** One entry of a menu's list: what the menu shows, the value it submits and extra words to match. */
export interface OptionItem {
  text: string;
  /** Already fits an option value (see encodeOptionValue). */
  value: string;
  /** Shown under the text in the menu. */
  description?: string;
  /** Further words the search matches, e.g. a repository's display name next to its slug. */
  keywords?: string;
}

/** A cached list and whether Bitbucket had more than was read. */
export interface OptionList {
  items: OptionItem[];
  truncated: boolean;
}

/**
 * Reads and fills the per-user cache of menu lists. Concurrent requests for the same list in one
 * process share one Bitbucket request, so a burst of keystrokes costs one call.
 */
export class OptionListCache {
  private readonly inFlight = new Map<string, Promise<OptionList>>();

  constructor(private readonly store: Store) {}

  /** Returns the list cached under the user and `parts`, or fetches, caches and returns it. */
  async read(slackUser: SlackUserRef, parts: string[], fetchList: () => Promise<OptionList>): Promise<OptionList> {
    const key = cacheKey('options', slackOwnerId(slackUser), slackUser.userId, ...parts);
    const cached = await this.store.get<OptionList>(key);
    if (cached !== undefined) return cached;

    const running = this.inFlight.get(key);
    if (running !== undefined) return running;

    const task = fetchList().then(async (list) => {
      await this.store.set(key, list, OPTION_LIST_TTL_MS);
      return list;
    });
    this.inFlight.set(key, task);
    const forget = () => this.inFlight.delete(key);
    task.then(forget, forget);
    return task;
  }
}
