import type { types } from '@slack/bolt';

import type { Account, PullRequest, Repository } from '../../../src/bitbucket/types.js';
import { expect } from 'vitest';

import type { SlackMessage } from '../../../src/slack/render/blocks.js';
import { expectValidMessage } from '../../support/block-kit-schema.js';

/** A title that would ping the channel, fake a link and show a mention if it were not escaped. */
export const HOSTILE_TEXT = '<!channel> <https://x.example|bitbucket.org> &lt;@U1&gt;';

export function buildAccount(overrides: Partial<Account> = {}): Account {
  return {
    uuid: '{a1b2c3d4-0000-4000-8000-000000000001}',
    display_name: 'Ada Lovelace',
    nickname: 'ada',
    links: { html: { href: 'https://bitbucket.org/%7Ba1b2c3d4-0000-4000-8000-000000000001%7D/' } },
    ...overrides,
  };
}

export function buildPullRequest(id: number, overrides: Partial<PullRequest> = {}): PullRequest {
  return {
    id,
    title: `Add feature ${id}`,
    state: 'OPEN',
    author: buildAccount(),
    source: { branch: { name: `feature/${id}` }, repository: { full_name: 'acme/api' } },
    destination: { branch: { name: 'main' }, repository: { full_name: 'acme/api' } },
    updated_on: '2026-03-01T14:05:09.123456+00:00',
    links: { html: { href: `https://bitbucket.org/acme/api/pull-requests/${id}` } },
    ...overrides,
  };
}

export function buildRepository(slug: string, overrides: Partial<Repository> = {}): Repository {
  return {
    uuid: `{uuid-${slug}}`,
    name: slug,
    slug,
    full_name: `acme/${slug}`,
    is_private: true,
    language: 'typescript',
    description: `The ${slug} service`,
    updated_on: '2026-02-11T09:00:00+00:00',
    links: { html: { href: `https://bitbucket.org/acme/${slug}` } },
    ...overrides,
  };
}

/** Returns every text a user can read in the blocks: section text and fields, headers, context, buttons. */
export function collectBlockText(message: SlackMessage): string[] {
  const texts: string[] = [];
  for (const block of message.blocks) collectFromBlock(block, texts);
  return texts;
}

function collectFromBlock(block: types.KnownBlock, texts: string[]): void {
  if (block.type === 'section') {
    if (block.text !== undefined) texts.push(block.text.text);
    for (const field of block.fields ?? []) texts.push(field.text);
    if (block.accessory?.type === 'button') texts.push(block.accessory.text.text);
  } else if (block.type === 'header') {
    texts.push(block.text.text);
  } else if (block.type === 'context') {
    for (const element of block.elements) if ('text' in element && typeof element.text === 'string') texts.push(element.text);
  } else if (block.type === 'actions') {
    for (const element of block.elements) if (element.type === 'button') texts.push(element.text.text);
  }
}

/** Counts the characters of all readable text in the blocks of a message. */
export function measureMessageLength(message: SlackMessage): number {
  return collectBlockText(message).reduce((sum, text) => sum + text.length, 0);
}

/** Returns the buttons of all actions blocks and section accessories. */
export function collectButtons(message: SlackMessage): types.Button[] {
  const buttons: types.Button[] = [];
  for (const block of message.blocks) {
    if (block.type === 'actions') {
      for (const element of block.elements) if (element.type === 'button') buttons.push(element);
    }
    if (block.type === 'section' && block.accessory?.type === 'button') buttons.push(block.accessory);
  }
  return buttons;
}

/**
 * Control tokens a renderer may emit on purpose: http(s) links, user mentions built from Slack
 * user ids, and date tokens. Anything else in `<...>` would come from unescaped text.
 */
const ALLOWED_CONTROL_TOKEN = /^<(?:https?:\/\/[^|<>\s]+(?:\|[^<>|]*)?|@[UWB][A-Z0-9]+|!date\^\d+\^[^|<>]+\|[^<>]*)>$/;

/**
 * Checks a rendered message against Slack's Block Kit limits, and checks that every `<...>`
 * token in its mrkdwn (blocks and fallback) is one the renderer emits on purpose. Plain text
 * (headers, buttons) is skipped because Slack shows it literally.
 */
export function expectValidRender(message: SlackMessage): void {
  expectValidMessage(message);

  for (const text of [message.text, ...collectMrkdwnText(message)]) {
    for (const token of text.match(/<[^>]*>?/g) ?? []) {
      expect(token, `unexpected control token in ${JSON.stringify(text)}`).toMatch(ALLOWED_CONTROL_TOKEN);
    }
  }
}

/** Returns the texts of all mrkdwn objects in the blocks: section text and fields, context elements. */
export function collectMrkdwnText(message: SlackMessage): string[] {
  const texts: string[] = [];
  const take = (object: { type: string; text?: unknown } | undefined): void => {
    if (object?.type === 'mrkdwn' && typeof object.text === 'string') texts.push(object.text);
  };

  for (const block of message.blocks) {
    if (block.type === 'section') {
      take(block.text);
      for (const field of block.fields ?? []) take(field);
    } else if (block.type === 'context') {
      for (const element of block.elements) take(element);
    }
  }
  return texts;
}
