import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { App } from '@slack/bolt';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';

import { startApp } from '../../src/app.js';
import { parseConfig } from '../../src/config/config.js';
import { SLACK_BOT_SCOPES, SLACK_EVENTS_PATH, SLACK_OAUTH_REDIRECT_PATH } from '../../src/slack/create-bolt-app.js';
import { REPOSITORY_ROOT } from '../support/app-process.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { findWebApiCalls, METHOD_SCOPES } from '../support/slack-method-scopes.js';
import { createCapturingLogger } from '../support/test-logger.js';

/** Bolt methods that register listeners, each with the kind of Slack request it serves. */
const REGISTRATION_METHODS = ['command', 'shortcut', 'view', 'action', 'options', 'event', 'message'] as const;
type RegistrationMethod = (typeof REGISTRATION_METHODS)[number];

/** What a listener was registered for: a name or pattern, or Bolt's constraint object. */
type Matcher = string | RegExp | Record<string, unknown>;

interface Registration {
  method: RegistrationMethod;
  matcher: Matcher | undefined;
}

interface Manifest {
  features?: {
    slash_commands?: Array<{ command: string; url?: string }>;
    shortcuts?: Array<{ name: string; type: 'message' | 'global'; callback_id: string }>;
  };
  oauth_config?: { redirect_urls?: string[]; scopes?: { bot?: string[] } };
  settings?: {
    interactivity?: { is_enabled: boolean; request_url?: string; message_menu_options_url?: string };
    event_subscriptions?: { request_url?: string; bot_events?: string[] };
    socket_mode_enabled?: boolean;
  };
}

const MANIFESTS = { http: 'manifest.yml', socketMode: 'manifest.socket-mode.yml' } as const;

function readManifest(fileName: string): Manifest {
  return parseYaml(readFileSync(path.join(REPOSITORY_ROOT, fileName), 'utf8')) as Manifest;
}

function readFixture(fileName: string): unknown {
  return JSON.parse(readFileSync(path.join(REPOSITORY_ROOT, 'test/fixtures/slack', fileName), 'utf8'));
}

/**
 * Starts the app through its composition root with every Bolt registration method wrapped, and
 * returns what the listeners were registered for. The app runs on the embedded store and a fake
 * Slack, and is stopped before this returns.
 */
async function recordRegistrations(slack: FakeSlack): Promise<Registration[]> {
  const registrations: Registration[] = [];
  const spies = REGISTRATION_METHODS.map((method) => {
    const original = App.prototype[method] as (this: App, ...args: unknown[]) => unknown;
    return vi.spyOn(App.prototype, method).mockImplementation(function (this: App, ...args: unknown[]) {
      const first = args[0];
      registrations.push({ method, matcher: typeof first === 'function' ? undefined : (first as Matcher) });
      return original.apply(this, args) as never;
    });
  });

  const dataDir = mkdtempSync(path.join(tmpdir(), 'bbslack-manifest-'));
  try {
    const config = parseConfig({
      PORT: '0',
      SLACK_SIGNING_SECRET: 'manifest-test-signing-secret',
      SLACK_BOT_TOKEN: 'xoxb-manifest-test',
      SLACK_API_URL: slack.apiUrl,
      BITBUCKET_API_URL: 'http://127.0.0.1:1/2.0',
      BITBUCKET_OAUTH_URL: 'http://127.0.0.1:1/site/oauth2',
      BITBUCKET_CLIENT_ID: 'manifest-test-key',
      BITBUCKET_CLIENT_SECRET: 'manifest-test-secret',
      DATA_DIR: dataDir,
    });
    const app = await startApp(config, { logger: createCapturingLogger('warn').logger });
    await app.stop();
  } finally {
    spies.forEach((spy) => spy.mockRestore());
    rmSync(dataDir, { recursive: true, force: true });
  }
  return registrations;
}

/** Returns the name or callback id a matcher selects, for string matchers and constraint objects. */
function matcherId(matcher: Matcher | undefined, key: string): string | RegExp | undefined {
  if (typeof matcher === 'string' || matcher instanceof RegExp) return matcher;
  const value = matcher?.[key];
  return typeof value === 'string' || value instanceof RegExp ? value : undefined;
}

function matches(id: string | RegExp, candidate: string): boolean {
  return typeof id === 'string' ? id === candidate : new RegExp(id.source, id.flags.replace('g', '')).test(candidate);
}

function collectUrls(manifest: Manifest): string[] {
  return [
    ...(manifest.features?.slash_commands ?? []).map((command) => command.url),
    manifest.settings?.interactivity?.request_url,
    manifest.settings?.interactivity?.message_menu_options_url,
    manifest.settings?.event_subscriptions?.request_url,
  ].filter((url): url is string => url !== undefined);
}

describe('Slack app manifest', () => {
  let slack: FakeSlack;
  let registrations: Registration[];
  const http = readManifest(MANIFESTS.http);
  const socketMode = readManifest(MANIFESTS.socketMode);

  const registered = (method: RegistrationMethod) => registrations.filter((entry) => entry.method === method);

  beforeAll(async () => {
    slack = await startFakeSlack();
    registrations = await recordRegistrations(slack);
  });

  afterAll(async () => {
    await slack.close();
  });

  describe('schema', () => {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(readFixture('manifest.schema.json') as object);

    it('accepts the schema example', () => {
      expect(validate(readFixture('manifest.example.valid.json')), ajv.errorsText(validate.errors)).toBe(true);
    });

    it('rejects a shortcut name over 24 characters', () => {
      const tooLong = structuredClone(http);
      tooLong.features!.shortcuts![1]!.name = 'Comment on Bitbucket issue';

      expect(validate(tooLong)).toBe(false);
    });

    it.each(Object.values(MANIFESTS))('validates %s', (fileName) => {
      const manifest = readManifest(fileName);

      expect(validate(manifest), ajv.errorsText(validate.errors)).toBe(true);
    });
  });

  describe('code and manifest', () => {
    it('registers listeners at all', () => {
      expect(registered('command').length).toBeGreaterThan(0);
    });

    it('declares every registered command', () => {
      const declared = (http.features?.slash_commands ?? []).map((command) => command.command);

      for (const { matcher } of registered('command')) {
        const id = matcherId(matcher, 'command');
        expect(id, 'a command listener without a command name').toBeDefined();
        expect(declared.some((command) => matches(id!, command)), `command ${String(id)} is not in ${MANIFESTS.http}`).toBe(true);
      }
    });

    it('has a listener for every declared command', () => {
      const ids = registered('command').map(({ matcher }) => matcherId(matcher, 'command'));

      for (const { command } of http.features?.slash_commands ?? []) {
        expect(ids.some((id) => id !== undefined && matches(id, command)), `no listener for ${command}`).toBe(true);
      }
    });

    it('declares every registered shortcut', () => {
      const declared = http.features?.shortcuts ?? [];

      for (const { matcher } of registered('shortcut')) {
        const id = matcherId(matcher, 'callback_id');
        expect(id, 'a shortcut listener without a callback_id matches every shortcut').toBeDefined();
        const type = typeof matcher === 'object' && !(matcher instanceof RegExp) ? matcher.type : undefined;
        const candidates = declared.filter(
          (shortcut) => type === undefined || (type === 'message_action') === (shortcut.type === 'message'),
        );
        expect(candidates.some((shortcut) => matches(id!, shortcut.callback_id)), `shortcut ${String(id)} is not in ${MANIFESTS.http}`).toBe(true);
      }
    });

    it('has a listener for every declared shortcut', () => {
      const ids = registered('shortcut').map(({ matcher }) => matcherId(matcher, 'callback_id'));

      for (const shortcut of http.features?.shortcuts ?? []) {
        const handled = ids.some((id) => id !== undefined && matches(id, shortcut.callback_id));
        expect(handled, `no listener for the ${shortcut.type} shortcut "${shortcut.name}" (${shortcut.callback_id})`).toBe(true);
      }
    });

    it('enables interactivity for interactive listeners', () => {
      const interactive = ['shortcut', 'view', 'action', 'options'].flatMap((method) => registered(method as RegistrationMethod));
      expect(interactive.length).toBeGreaterThan(0);

      for (const manifest of [http, socketMode]) {
        expect(manifest.settings?.interactivity?.is_enabled).toBe(true);
      }
      expect(http.settings?.interactivity?.request_url).toMatch(new RegExp(`${SLACK_EVENTS_PATH}$`));
    });

    it('sets the options load URL when options load', () => {
      const optionsUrl = http.settings?.interactivity?.message_menu_options_url;

      if (registered('options').length > 0) {
        expect(optionsUrl).toMatch(new RegExp(`${SLACK_EVENTS_PATH}$`));
      } else {
        expect(optionsUrl, 'an options load URL without an app.options listener').toBeUndefined();
      }
    });

    it('subscribes to exactly the events listened to', () => {
      const listened = registered('event').map(({ matcher }) => matcherId(matcher, 'type'));
      const messageListeners = registered('message').length;

      for (const manifest of [http, socketMode]) {
        const subscribed = manifest.settings?.event_subscriptions?.bot_events ?? [];
        for (const event of listened) {
          expect(event, 'an event listener without an event type').toBeDefined();
          expect(subscribed.some((name) => matches(event!, name)), `event ${String(event)} is not subscribed`).toBe(true);
        }
        for (const name of subscribed) {
          const handled = listened.some((event) => event !== undefined && matches(event, name)) || (messageListeners > 0 && name.startsWith('message.'));
          expect(handled, `the manifest subscribes to ${name}, which no listener handles`).toBe(true);
        }
      }
    });
  });

  describe('URLs and modes', () => {
    it('sends every Slack request to the events path', () => {
      const urls = collectUrls(http);
      expect(urls.length).toBeGreaterThan(0);

      for (const url of urls) {
        expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
      }
    });

    it('uses one public host', () => {
      const hosts = new Set([...collectUrls(http), ...(http.oauth_config?.redirect_urls ?? [])].map((url) => new URL(url).host));

      expect(hosts.size).toBe(1);
    });

    it('redirects Slack OAuth to the app', () => {
      for (const url of http.oauth_config?.redirect_urls ?? []) {
        expect(new URL(url).pathname).toBe(SLACK_OAUTH_REDIRECT_PATH);
      }
    });

    it('marks the modes', () => {
      expect(http.settings?.socket_mode_enabled).toBe(false);
      expect(socketMode.settings?.socket_mode_enabled).toBe(true);
    });

    it('leaves request URLs out of Socket Mode', () => {
      expect(collectUrls(socketMode)).toEqual([]);
    });

    it('keeps both manifests in step', () => {
      const withoutTransport = (manifest: Manifest) => {
        const copy = structuredClone(manifest);
        copy.features?.slash_commands?.forEach((command) => delete command.url);
        delete copy.settings?.interactivity?.request_url;
        delete copy.settings?.interactivity?.message_menu_options_url;
        delete copy.settings?.event_subscriptions?.request_url;
        delete copy.settings?.socket_mode_enabled;
        return copy;
      };

      expect(withoutTransport(socketMode)).toEqual(withoutTransport(http));
    });
  });

  describe('bot scopes', () => {
    const calls = findWebApiCalls(path.join(REPOSITORY_ROOT, 'src'));
    const manifestScopes = http.oauth_config?.scopes?.bot ?? [];

    it('match SLACK_BOT_SCOPES', () => {
      expect([...manifestScopes].sort()).toEqual([...SLACK_BOT_SCOPES].sort());
    });

    it('know every Web API method called', () => {
      for (const call of calls) {
        expect(METHOD_SCOPES[call.method], `${call.method} (${call.file}:${call.line}) has no row in test/support/slack-method-scopes.ts`).toBeDefined();
      }
    });

    it('cover every Web API method called', () => {
      for (const call of calls) {
        for (const scope of METHOD_SCOPES[call.method] ?? []) {
          expect(manifestScopes, `${call.method} (${call.file}:${call.line}) needs ${scope}`).toContain(scope);
        }
      }
    });

    it('include nothing unused', () => {
      const needed = new Set(calls.flatMap((call) => METHOD_SCOPES[call.method] ?? []));
      // Slash commands and shortcuts both need `commands`.
      if (registered('command').length > 0 || registered('shortcut').length > 0) needed.add('commands');
      // Replies announced in a channel reach channels the bot was never invited to.
      if (calls.some((call) => call.method === 'chat.postMessage')) needed.add('chat:write.public');

      for (const scope of manifestScopes) {
        expect(needed.has(scope), `bot scope ${scope} is requested but nothing uses it`).toBe(true);
      }
    });
  });
});
