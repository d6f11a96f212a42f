import type { types } from '@slack/bolt';

import { buildContext, buildSection, type SlackMessage } from '../render/blocks.js';
import { escapeMrkdwn } from '../render/mrkdwn.js';
import { buildModal } from './modal-blocks.js';

interface StatusViewOptions {
  callbackId: string;
  title: string;
  /** Keeps the form's context with the view; left out for views that never lead back to a form. */
  contextId?: string;
}

/** Builds the view shown while a form loads its menus and defaults; views.update replaces it. */
export function buildLoadingView(options: StatusViewOptions & { text: string }): types.ModalView {
  return buildModal({ ...options, blocks: [buildSection(`:hourglass_flowing_sand: ${escapeMrkdwn(options.text)}`)] });
}

/**
 * Builds the view that replaces a submitted form when Bitbucket does not respond in time. The
 * result replaces it through views.update once Bitbucket responds.
 */
export function buildWorkingView(options: StatusViewOptions & { text: string }): types.ModalView {
  return buildModal({
    ...options,
    close: 'Close',
    blocks: [
      buildSection(`:hourglass_flowing_sand: ${escapeMrkdwn(options.text)}`),
      buildContext('Bitbucket is taking longer than usual. The result appears here, and in the channel, when it is done. You can close this window.'),
    ],
  });
}

/** Builds a view that shows a message, e.g. the confirmation after a slow submission. */
export function buildMessageView(options: StatusViewOptions & { message: SlackMessage; close?: string }): types.ModalView {
  return buildModal({ ...options, close: options.close ?? 'Done', blocks: toViewBlocks(options.message) });
}

/**
 * Returns a message's blocks for use in a modal. Buttons without a URL are dropped, because their
 * listeners reply through a response_url, which interactions inside a modal do not have.
 */
export function toViewBlocks(message: SlackMessage): types.KnownBlock[] {
  const blocks: types.KnownBlock[] = [];
  for (const block of message.blocks) {
    if (block.type === 'section' && block.accessory?.type === 'button' && block.accessory.url === undefined) {
      const { accessory: _dropped, ...section } = block;
      blocks.push(section);
    } else if (block.type === 'actions') {
      const elements = block.elements.filter((element) => element.type !== 'button' || element.url !== undefined);
      if (elements.length > 0) blocks.push({ ...block, elements });
    } else {
      blocks.push(block);
    }
  }
  return blocks;
}
