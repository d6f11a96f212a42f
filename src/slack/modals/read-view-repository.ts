import type { SlackDependencies } from '../slack-dependencies.js';
import { ACTION_IDS } from '../ids.js';
import { loadModalContext, type ModalContext, type RepositoryName } from './modal-context.js';
import { parseRepositoryValue, readChoiceValue } from './option-choice.js';
import { decodeModalMetadata } from './private-metadata.js';
import type { ViewStateValues } from './view-state.js';

/** The parts of a view an interaction payload carries that these readers use. */
export interface ViewSnapshot {
  private_metadata?: string;
  state?: { values: ViewStateValues };
}

/** Returns the context id from a view's private_metadata, or undefined. */
export function readContextId(view: ViewSnapshot | undefined): string | undefined {
  return decodeModalMetadata(view?.private_metadata)?.contextId;
}

/** Reads a view's modal context; undefined when there is none or the store fails (logged). */
export async function readViewContext(deps: SlackDependencies, view: ViewSnapshot | undefined): Promise<ModalContext | undefined> {
  const contextId = readContextId(view);
  if (contextId === undefined) return undefined;
  try {
    return await loadModalContext(deps.store, contextId);
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not read a modal context');
    return undefined;
  }
}

/**
 * Returns the repository a form is about: the one picked in its repository menu, else the one
 * its context names (forms opened for a fixed repository have no menu).
 */
export async function readViewRepository(deps: SlackDependencies, view: ViewSnapshot | undefined): Promise<RepositoryName | undefined> {
  const picked = findRepositoryChoice(view?.state?.values ?? {});
  if (picked !== undefined) {
    const value = await readChoiceValue(deps.store, picked);
    return value.ok ? parseRepositoryValue(value.value) : undefined;
  }
  return (await readViewContext(deps, view))?.repository;
}

function findRepositoryChoice(values: ViewStateValues): { text: string; value: string } | undefined {
  for (const elements of Object.values(values)) {
    const element = elements[ACTION_IDS.repositorySelect] as { selected_option?: { value?: string } | null } | undefined;
    const value = element?.selected_option?.value;
    if (value !== undefined) return { text: value, value };
  }
  return undefined;
}
