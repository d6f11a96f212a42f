import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';

import { installationKey } from '../../connections/keys.js';
import type { Store } from '../../connections/store.js';

/**
 * Slack installations kept in the app's store, so every process behind one address can
 * authorize requests from any workspace that installed the app. Enterprise-wide installs are
 * keyed by the enterprise id, all others by the team id.
 */
export function createStoreInstallationStore(store: Store): InstallationStore {
  return {
    async storeInstallation(installation: Installation) {
      await store.set(installationKey(ownerIdOfInstallation(installation)), installation);
    },

    async fetchInstallation(query: InstallationQuery<boolean>) {
      const installation = await store.get<Installation>(installationKey(ownerIdOfQuery(query)));
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
