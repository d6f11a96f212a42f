import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Entry script that `npm start` runs, relative to the repository root. */
const START_ENTRY = 'dist/src/main.js';

/**
 * Returns the Node.js flags of `npm start`, the words between `node` and the entry script of the
 * `start` script in package.json, so a benchmark or test can run the app as `npm start` does.
 * Throws when the script is not `[exec] node [flags…] dist/src/main.js`.
 */
export function readStartNodeFlags(repositoryRoot: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const script = manifest.scripts?.start ?? '';
  const words = script.trim().split(/\s+/);
  if (words[0] === 'exec') words.shift();

  if (words[0] !== 'node' || words.at(-1) !== START_ENTRY) {
    throw new Error(`package.json's start script is not "[exec] node [flags] ${START_ENTRY}": ${script}`);
  }
  return words.slice(1, -1);
}
