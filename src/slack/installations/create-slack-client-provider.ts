import { WebClient, type WebClientOptions } from '@slack/web-api';

import type { SlackUserRef } from '../../connections/keys.js';
import type { Store } from '../../connections/store.js';
import type { TokenCipher } from '../../connections/token-cipher.js';
import { readInstallation } from './store-installation-store.js';

/** Returns a Web API client with the bot token of a user's workspace. */
export type SlackClientProvider = (slackUser: SlackUserRef) => Promise<WebClient>;

/**
 * Creates the provider for work that runs outside a listener, such as replies after an OAuth
 * callback. With one workspace it returns Bolt's own client; with Slack OAuth installs it reads the
 * installation (enterprise first, then team) from the store.
 */
export function createSlackClientProvider(options: {
  singleWorkspaceClient?: WebClient;
  store: Store;
  cipher: TokenCipher;
  clientOptions: WebClientOptions;
}): SlackClientProvider {
  return async (slackUser) => {
    if (options.singleWorkspaceClient) return options.singleWorkspaceClient;

    const enterpriseInstall = slackUser.enterpriseId
      ? await readInstallation(options.store, options.cipher, slackUser.enterpriseId)
      : undefined;
    const installation = enterpriseInstall ?? (await readInstallation(options.store, options.cipher, slackUser.teamId));
    const token = installation?.bot?.token;
    if (!token) {
      throw new Error(`No Slack installation with a bot token for team ${slackUser.teamId}; install the app through /slack/install.`);
    }
    return new WebClient(token, options.clientOptions);
  };
}
