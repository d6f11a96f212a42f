import { randomUUID } from 'node:crypto';

import { modalContextKey, type SlackUserRef } from '../../connections/keys.js';
import type { Store } from '../../connections/store.js';
import type { Logger } from '../../logging/logger.js';

/**
 * How long a modal's context stays in the store. Slack keeps a modal open until the user closes
 * it, so this is a guess at the longest pause between opening and submitting a form. After it the
 * form still works, but the result goes to the user as a direct message.
 */
export const MODAL_CONTEXT_TTL_MS = 24 * 60 * 60 * 1000;

/** The way the user opened a form, so that a message can explain how to open it again. */
export type FormOpener =
  | { kind: 'slash-command'; /** Command text after `/bitbucket`, e.g. `pr create acme/api`. */ text: string }
  | { kind: 'message-shortcut' }
  | { kind: 'global-shortcut' };

/** The place a modal was opened from; its result is announced there. */
export interface ModalOrigin {
  channelId?: string;
  /** Thread to announce in: the thread of the message a shortcut was used on. */
  threadTs?: string;
  /** response_url of the slash command or message shortcut; valid 30 minutes, 5 posts. */
  responseUrl?: string;
  opener?: FormOpener;
}

/** A repository, as `workspace` and `repoSlug`. */
export interface RepositoryName {
  workspace: string;
  repoSlug: string;
}

/** The text of a Slack message filed as an issue or comment, decoded from Slack markup. */
export interface ModalMessage {
  /** The whole decoded text, however long. */
  text: string;
  permalink?: string;
}

/** Fields of an issue when the update form opened, to send only what the user changed. */
export interface OriginalIssueFields {
  title: string;
  content?: string;
  kind?: string;
  priority?: string;
  state?: string;
  assigneeId?: string;
}

/** The form a modal shows. The view's callback id names it too; this field keeps the stored record readable on its own. */
export type ModalForm = 'pull-request' | 'issue' | 'issue-comment' | 'repository' | 'branch' | 'delete-repository';

/**
 * The data a submission needs beyond the view's own state. It lives in the store, because
 * `private_metadata` carries ids only and a modal may be submitted to another process.
 */
export interface ModalContext {
  form: ModalForm;
  /** The user who opened the modal. A submission by another user does not use this context, and cannot delete a repository. */
  requester: SlackUserRef;
  origin: ModalOrigin;
  /** The repository the form was opened for or the user picked last. */
  repository?: RepositoryName;
  /** Main branch of `repository`, when the form read it. */
  mainBranch?: string;
  /** The title the pull request form suggested last; a title still equal to it is replaced by the next suggestion. */
  suggestedTitle?: string;
  /** The issue being updated. */
  issueId?: number;
  original?: OriginalIssueFields;
  message?: ModalMessage;
  /** Epoch milliseconds. */
  createdAt: number;
}

/** Returns a new id for a modal context; the modal can open before the context is stored. */
export function createModalContextId(): string {
  return randomUUID();
}

/** Stores a modal's context under `id` for MODAL_CONTEXT_TTL_MS. */
export async function saveModalContext(store: Store, id: string, context: ModalContext): Promise<void> {
  await store.set(modalContextKey(id), context, MODAL_CONTEXT_TTL_MS);
}

/** Reads a modal's context; undefined once it expired or when it was never stored. */
export async function loadModalContext(store: Store, id: string): Promise<ModalContext | undefined> {
  return store.get<ModalContext>(modalContextKey(id));
}

/**
 * Stores a modal's context and logs a failure instead of throwing: the form still works without
 * it, and its result then goes to the user as a direct message.
 */
export async function trySaveModalContext(store: Store, logger: Logger, id: string, context: ModalContext): Promise<void> {
  try {
    await saveModalContext(store, id, context);
  } catch (error) {
    logger.warn({ err: error, slackUserId: context.requester.userId, form: context.form }, 'could not store a modal context; its result will go to the user directly');
  }
}
