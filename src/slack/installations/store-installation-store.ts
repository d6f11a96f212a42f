import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';

import { installationKey } from '../../connections/keys.js';
import type { Store } from '../../connections/store.js';
import type { TokenCipher } from '../../connections/token-cipher.js';

/** An installation as stored: the whole Installation JSON, encrypted because it carries bot and user tokens. */
interface StoredInstallation {
  schemaVersion: 1;
  encrypted: string;
}

/**
 * Slack installations kept in the app's store, so every process behind one address can
 * authorize requests from any workspace that installed the app. Enterprise-wide installs are
 * keyed by the enterprise id, all others by the team id. Each installation is encrypted with
 * the token cipher, bound to its key, like the Bitbucket tokens.
 */
export function createStoreInstallationStore(store: Store, cipher: TokenCipher): InstallationStore {
  return {
    async storeInstallation(installation: Installation) {
      const key = installationKey(ownerIdOfInstallation(installation));
      const stored: StoredInstallation = { schemaVersion: 1, encrypted: cipher.encrypt(JSON.stringify(installation), key) };
      await store.set(key, stored);
    },

    async fetchInstallation(query: InstallationQuery<boolean>) {
      const installation = await readInstallation(store, cipher, ownerIdOfQuery(query));
      if (!installation) {
        throw new Error(`No Slack installation found for ${describeQuery(query)}; install the app with /slack/install.`);
      }
      return installation;
    },

    async deleteInstallation(query: InstallationQuery<boolean>) {
      await store.delete(installationKey(ownerIdOfQuery(query)));
    },
  };
}

/** Reads and decrypts the installation of a team or enterprise; undefined when there is none. */
export async function readInstallation(store: Store, cipher: TokenCipher, teamOrEnterpriseId: string): Promise<Installation | undefined> {
  const key = installationKey(teamOrEnterpriseId);
  const stored = await store.get<StoredInstallation>(key);
  if (!stored) return undefined;
  return JSON.parse(cipher.decrypt(stored.encrypted, key)) as Installation;
}

function ownerIdOfInstallation(installation: Installation): string {
  const id = installation.isEnterpriseInstall ? installation.enterprise?.id : installation.team?.id;
  if (!id) {
    throw new Error('Slack sent an installation without a team or enterprise id.');
  }
  return id;
}

function ownerIdOfQuery(query: InstallationQuery<boolean>): string {
  const id = query.isEnterpriseInstall ? query.enterpriseId : query.teamId;
  if (!id) {
    throw new Error(`A Slack request carried no ${query.isEnterpriseInstall ? 'enterprise' : 'team'} id.`);
  }
  return id;
}

function describeQuery(query: InstallationQuery<boolean>): string {
  return query.isEnterpriseInstall ? `enterprise ${query.enterpriseId}` : `team ${query.teamId}`;
}
