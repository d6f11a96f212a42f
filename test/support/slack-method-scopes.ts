/**
 * Slack Web API methods the app may call and the bot scopes each one needs, plus a scan of the
 * source tree for the methods it does call. The manifest test uses both to check that the bot
 * scopes are the ones the code needs and no more.
 *
 * Each row lists the bot scopes that the method's page under docs.slack.dev/reference/methods
 * names. The chat:write scope page lists chat.postMessage, chat.postEphemeral, chat.update and
 * chat.delete, and users.info needs users:read. auth.test, chat.getPermalink and the views
 * methods need no scope. A method missing from the table fails the scan. Look up the new
 * method's scopes there and add a row here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const METHOD_SCOPES: Record<string, string[]> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.delete': ['chat:write'],
  'chat.getPermalink': [],
  'views.open': [],
  'views.push': [],
  'views.update': [],
  'views.publish': [],
  'users.info': ['users:read'],
};

/** Web API namespaces the scan looks for, as in `client.chat.postMessage(`. */
const NAMESPACES = ['auth', 'bookmarks', 'chat', 'conversations', 'files', 'pins', 'reactions', 'team', 'usergroups', 'users', 'views'];

export interface MethodUse {
  method: string;
  /** Source file relative to the scanned root, and the line. */
  file: string;
  line: number;
}

/**
 * Returns every `<client>.<namespace>.<method>(` call and every `apiCall('<method>'` in the
 * TypeScript files under `sourceRoot`. Comment lines are skipped.
 */
export function findWebApiCalls(sourceRoot: string): MethodUse[] {
  const callPattern = new RegExp(`\\.(${NAMESPACES.join('|')})\\.([A-Za-z]+)\\s*\\(`, 'g');
  const apiCallPattern = /\.apiCall\(\s*['"]([a-z]+\.[A-Za-z]+)['"]/g;
  const uses: MethodUse[] = [];

  for (const file of listTypeScriptFiles(sourceRoot)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, index) => {
      const trimmed = text.trim();
      if (trimmed.startsWith('*') || trimmed.startsWith('/*') || trimmed.startsWith('//')) return;

      const relative = path.relative(sourceRoot, file);
      for (const match of text.matchAll(callPattern)) {
        uses.push({ method: `${match[1]}.${match[2]}`, file: relative, line: index + 1 });
      }
      for (const match of text.matchAll(apiCallPattern)) {
        uses.push({ method: match[1]!, file: relative, line: index + 1 });
      }
    });
  }
  return uses;
}

function listTypeScriptFiles(directory: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) files.push(...listTypeScriptFiles(full));
    else if (entry.name.endsWith('.ts')) files.push(full);
  }
  return files;
}
