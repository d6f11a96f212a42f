import type { App } from '@slack/bolt';

import type { CommandHandlers } from '../commands/command-handler.js';
import type { SlackDependencies } from '../slack-dependencies.js';
import { registerActionListeners } from './actions/register-action-listeners.js';
import { registerCommandListeners } from './commands/register-command-listeners.js';
import { registerConfirmationListeners } from './confirmations/register-confirmation-listeners.js';
import { registerOptionListeners } from './options/register-option-listeners.js';
import { registerShortcutListeners } from './shortcuts/register-shortcut-listeners.js';
import { registerViewListeners } from './views/register-view-listeners.js';

/** Registers every Slack listener of the app on `app`. */
export function registerListeners(app: App, deps: SlackDependencies, handlers: CommandHandlers): void {
  registerCommandListeners(app, deps, handlers);
  registerActionListeners(app, deps);
  registerShortcutListeners(app, deps);
  registerViewListeners(app, deps);
  registerOptionListeners(app, deps);
  registerConfirmationListeners(app, deps);
}
