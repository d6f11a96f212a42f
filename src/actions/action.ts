import type { z } from 'zod';

import type { BitbucketClient } from '../bitbucket/client.js';
import type { TokenSource } from '../bitbucket/token-source.js';
import type { Logger } from '../logging/logger.js';

/** The result every toolkit action returns, whatever happened. */
export interface ActionResult<T = unknown> {
  successful: boolean;
  data: T | null;
  error: string | null;
  /** Extra top-level fields of some actions, e.g. `commit`, `path` and `size` of the file action. */
  [field: string]: unknown;
}

/** Connection an action runs with: the shared client and the caller's token source. */
export interface ActionConnection {
  client: BitbucketClient;
  tokens: TokenSource;
  /** Receives an error line when an action fails with an unexpected error (a bug, not Bitbucket). */
  logger?: Logger;
  /**
   * Most pages a list action reads before it reports the list as truncated. Unset, the client's
   * limit applies (20 pages). A Slack reply shows a few dozen lines, so it reads one page and
   * spares the rate budget that every user of the OAuth consumer shares.
   */
  maxPages?: number;
}

/**
 * One named Bitbucket action. `run` receives input that already passed `input` and throws the
 * typed errors of `src/bitbucket/errors.ts`; the registry turns both into an ActionResult.
 */
export interface ActionDefinition<Input = unknown, Output = unknown> {
  slug: string;
  description: string;
  input: z.ZodType<Input>;
  run(input: Input, connection: ActionConnection): Promise<Output>;
  /** Adds top-level fields to the envelope; `output` is null when the action failed. */
  envelopeFields?(input: Input, output: Output | null): Record<string, unknown>;
}

/** Declares an action with its input type inferred from the schema. */
export function defineAction<Schema extends z.ZodType, Output>(
  definition: ActionDefinition<z.output<Schema>, Output> & { input: Schema },
): ActionDefinition<z.output<Schema>, Output> {
  return definition;
}
