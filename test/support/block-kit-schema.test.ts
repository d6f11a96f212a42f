import { describe, expect, it } from 'vitest';

import { expectValidMessage, expectValidView } from './block-kit-schema.js';

const text = (length: number): string => 'x'.repeat(length);
const plain = (value: string) => ({ type: 'plain_text' as const, text: value });
const mrkdwn = (value: string) => ({ type: 'mrkdwn' as const, text: value });
const button = (overrides: Record<string, unknown> = {}) => ({
  type: 'button',
  text: plain('Open'),
  action_id: 'open',
  ...overrides,
});
const option = (label: string, value: string) => ({ text: plain(label), value });
const section = (overrides: Record<string, unknown> = {}) => ({ type: 'section', text: mrkdwn('hi'), ...overrides });
const message = (blocks: unknown[], overrides: Record<string, unknown> = {}) => ({ text: 'fallback', blocks, ...overrides });
const confirm = (overrides: Record<string, unknown> = {}) => ({
  title: plain('Delete?'),
  text: plain('Really?'),
  confirm: plain('Delete'),
  deny: plain('Cancel'),
  ...overrides,
});
const input = (element: unknown, overrides: Record<string, unknown> = {}) => ({
  type: 'input',
  block_id: 'title',
  label: plain('Title'),
  element,
  ...overrides,
});
const modal = (overrides: Record<string, unknown> = {}) => ({
  type: 'modal',
  title: plain('Create issue'),
  submit: plain('Create'),
  close: plain('Cancel'),
  callback_id: 'issue',
  blocks: [input({ type: 'plain_text_input', action_id: 'value' })],
  ...overrides,
});

/**
 * Each case gives a message or view builder taking a size; the size at the limit must pass and
 * one more must fail.
 */
type LimitCase = [name: string, limit: number, build: (size: number) => unknown, kind: 'message' | 'view'];

const limitCases: LimitCase[] = [
  ['message text', 4000, (n) => message([], { text: text(n) }), 'message'],
  ['message blocks', 50, (n) => message(Array.from({ length: n }, () => ({ type: 'divider' }))), 'message'],
  ['section text', 3000, (n) => message([section({ text: mrkdwn(text(n)) })]), 'message'],
  ['section field count', 10, (n) => message([section({ fields: Array.from({ length: n }, () => mrkdwn('f')) })]), 'message'],
  ['section field length', 2000, (n) => message([section({ fields: [mrkdwn(text(n))] })]), 'message'],
  ['header text', 150, (n) => message([{ type: 'header', text: plain(text(n)) }]), 'message'],
  ['context elements', 10, (n) => message([{ type: 'context', elements: Array.from({ length: n }, () => mrkdwn('c')) }]), 'message'],
  ['actions elements', 25, (n) => message([{ type: 'actions', elements: Array.from({ length: n }, (_v, i) => button({ action_id: `b${i}` })) }]), 'message'],
  ['button text', 75, (n) => message([section({ accessory: button({ text: plain(text(n)) }) })]), 'message'],
  ['button value', 2000, (n) => message([section({ accessory: button({ value: text(n) }) })]), 'message'],
  ['button url', 3000, (n) => message([section({ accessory: button({ url: `https://x.example/${text(n - 18)}` }) })]), 'message'],
  ['action_id', 255, (n) => message([section({ accessory: button({ action_id: text(n) }) })]), 'message'],
  ['block_id', 255, (n) => message([section({ block_id: text(n) })]), 'message'],
  ['confirm title', 100, (n) => message([section({ accessory: button({ confirm: confirm({ title: plain(text(n)) }) }) })]), 'message'],
  ['confirm text', 300, (n) => message([section({ accessory: button({ confirm: confirm({ text: mrkdwn(text(n)) }) }) })]), 'message'],
  ['confirm button', 30, (n) => message([section({ accessory: button({ confirm: confirm({ confirm: plain(text(n)) }) }) })]), 'message'],
  ['deny button', 30, (n) => message([section({ accessory: button({ confirm: confirm({ deny: plain(text(n)) }) }) })]), 'message'],
  ['option text', 75, (n) => message([section({ accessory: { type: 'static_select', action_id: 's', options: [option(text(n), 'v')] } })]), 'message'],
  ['option value', 75, (n) => message([section({ accessory: { type: 'static_select', action_id: 's', options: [option('o', text(n))] } })]), 'message'],
  ['select options', 100, (n) => message([section({ accessory: { type: 'static_select', action_id: 's', options: Array.from({ length: n }, (_v, i) => option(`o${i}`, `${i}`)) } })]), 'message'],
  ['checkbox options', 10, (n) => message([section({ accessory: { type: 'checkboxes', action_id: 'c', options: Array.from({ length: n }, (_v, i) => option(`o${i}`, `${i}`)) } })]), 'message'],
  ['radio options', 10, (n) => message([section({ accessory: { type: 'radio_buttons', action_id: 'r', options: Array.from({ length: n }, (_v, i) => option(`o${i}`, `${i}`)) } })]), 'message'],
  ['placeholder', 150, (n) => message([section({ accessory: { type: 'external_select', action_id: 'e', placeholder: plain(text(n)) } })]), 'message'],
  ['view blocks', 100, (n) => modal({ blocks: Array.from({ length: n }, () => ({ type: 'divider' })) }), 'view'],
  ['view title', 24, (n) => modal({ title: plain(text(n)) }), 'view'],
  ['view submit', 24, (n) => modal({ submit: plain(text(n)) }), 'view'],
  ['view close', 24, (n) => modal({ close: plain(text(n)) }), 'view'],
  ['private_metadata', 3000, (n) => modal({ private_metadata: text(n) }), 'view'],
  ['view callback_id', 255, (n) => modal({ callback_id: text(n) }), 'view'],
  ['input label', 2000, (n) => modal({ blocks: [input({ type: 'plain_text_input' }, { label: plain(text(n)) })] }), 'view'],
  ['input hint', 2000, (n) => modal({ blocks: [input({ type: 'plain_text_input' }, { hint: plain(text(n)) })] }), 'view'],
  ['max_length', 3000, (n) => modal({ blocks: [input({ type: 'plain_text_input', max_length: n })] }), 'view'],
  ['initial_value', 3000, (n) => modal({ blocks: [input({ type: 'plain_text_input', initial_value: text(n) })] }), 'view'],
];

function check(kind: 'message' | 'view', value: unknown): void {
  if (kind === 'message') expectValidMessage(value);
  else expectValidView(value);
}

describe('Block Kit schema limits', () => {
  it.each(limitCases)('accepts %s at %i', (_name, limit, build, kind) => {
    expect(() => check(kind, build(limit))).not.toThrow();
  });

  it.each(limitCases)('rejects %s over %i', (_name, limit, build, kind) => {
    expect(() => check(kind, build(limit + 1))).toThrow(/Invalid Block Kit/);
  });
});

describe('Block Kit schema structure', () => {
  it('rejects an empty section', () => {
    expect(() => expectValidMessage(message([{ type: 'section' }]))).toThrow(/section needs text or fields/);
  });

  it('rejects an unknown field', () => {
    expect(() => expectValidMessage(message([section({ txt: 'typo' })]))).toThrow(/txt/);
  });

  it('rejects an empty text', () => {
    expect(() => expectValidMessage(message([section({ text: mrkdwn('') })]))).toThrow(/Invalid Block Kit/);
  });

  it('rejects a missing message text', () => {
    expect(() => expectValidMessage({ blocks: [] })).toThrow(/text/);
  });

  it('rejects duplicate block ids', () => {
    const blocks = [section({ block_id: 'a' }), section({ block_id: 'a' })];

    expect(() => expectValidMessage(message(blocks))).toThrow(/unique/);
  });

  it('rejects a javascript: button url', () => {
    expect(() => expectValidMessage(message([section({ accessory: button({ url: 'javascript:alert(1)' }) })]))).toThrow(
      /http\(s\) URL/,
    );
  });

  it('rejects mrkdwn in option text', () => {
    const select = { type: 'static_select', action_id: 's', options: [{ text: mrkdwn('*o*'), value: 'v' }] };

    expect(() => expectValidMessage(message([section({ accessory: select })]))).toThrow(/Invalid Block Kit/);
  });

  it('rejects a modal input without submit', () => {
    expect(() => expectValidView(modal({ submit: undefined }))).toThrow(/needs submit/);
  });

  it('accepts a modal of external selects', () => {
    const blocks = [
      input({ type: 'external_select', action_id: 'repo', min_query_length: 0, initial_option: option('acme/api', 'acme/api') }, { block_id: 'repo' }),
      input({ type: 'multi_external_select', action_id: 'reviewers', max_selected_items: 5 }, { block_id: 'reviewers', optional: true }),
      input({ type: 'conversations_select', action_id: 'channel', response_url_enabled: true, default_to_current_conversation: true }, { block_id: 'channel' }),
    ];

    expect(() => expectValidView(modal({ blocks }))).not.toThrow();
  });

  it('rejects a select with options and groups', () => {
    const select = {
      type: 'static_select',
      action_id: 's',
      options: [option('a', 'a')],
      option_groups: [{ label: plain('g'), options: [option('b', 'b')] }],
    };

    expect(() => expectValidMessage(message([section({ accessory: select })]))).toThrow(/exactly one of/);
  });
});
