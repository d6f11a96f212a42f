import { describe, expect, it } from 'vitest';

import { ACTION_IDS } from '../../../src/slack/ids.js';
import {
  renderConnected,
  renderConnectPrompt,
  renderDisconnected,
  renderWhoami,
} from '../../../src/slack/render/render-connection.js';
import { buildAccount, collectBlockText, collectButtons, expectValidRender, HOSTILE_TEXT } from './render-fixtures.js';

const authorizeUrl = 'https://bitbucket.org/site/oauth2/authorize?client_id=abc&response_type=code&state=s1';

describe('renderConnectPrompt', () => {
  it('links the Connect button to Bitbucket', () => {
    const message = renderConnectPrompt({ authorizeUrl, pendingCommand: 'prs acme/api', expiresInMinutes: 10 });

    expectValidRender(message);
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "accessory": {
              "action_id": "bitbucket_connect",
              "style": "primary",
              "text": {
                "emoji": true,
                "text": "Connect Bitbucket",
                "type": "plain_text",
              },
              "type": "button",
              "url": "https://bitbucket.org/site/oauth2/authorize?client_id=abc&response_type=code&state=s1",
            },
            "block_id": "connect",
            "text": {
              "text": "To run \`/bitbucket prs acme/api\`, connect your Bitbucket account first. The command runs as soon as you have approved access in Bitbucket.",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "Bitbucket asks you to approve access; the app stores the tokens encrypted. The link works once and expires in 10 minutes.",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
        ],
        "text": "Connect your Bitbucket account to run /bitbucket prs acme/api",
      }
    `);
  });

  it('asks the app for a URL without one', () => {
    const [button] = collectButtons(renderConnectPrompt({}));

    expect(button?.action_id).toBe(ACTION_IDS.connect);
    expect(button?.url).toBeUndefined();
  });

  it('drops a URL that is not http(s)', () => {
    const [button] = collectButtons(renderConnectPrompt({ authorizeUrl: 'javascript:alert(1)' }));

    expect(button?.url).toBeUndefined();
  });

  it('escapes the pending command', () => {
    const message = renderConnectPrompt({ authorizeUrl, pendingCommand: `issue create acme/api ${HOSTILE_TEXT}` });
    const text = collectBlockText(message).join('\n');

    expectValidRender(message);
    expect(text).not.toContain('<!channel>');
    expect(message.text).not.toContain('<!channel>');
  });
});

describe('renderConnected', () => {
  it('names the account and the pending command', () => {
    const message = renderConnected({ account: buildAccount(), pendingCommand: 'whoami' });

    expectValidRender(message);
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": ":white_check_mark: Connected as *<https://bitbucket.org/%7Ba1b2c3d4-0000-4000-8000-000000000001%7D/|Ada Lovelace>* (ada) on Bitbucket.
      Running \`/bitbucket whoami\` now.
      Run \`/bitbucket disconnect\` at any time to unlink it.",
              "type": "mrkdwn",
            },
            "type": "section",
          },
        ],
        "text": "Connected as Ada Lovelace on Bitbucket",
      }
    `);
  });

  it('escapes a hostile display name', () => {
    const message = renderConnected({ account: buildAccount({ display_name: HOSTILE_TEXT, links: {} }) });

    expect(collectBlockText(message).join('\n')).not.toContain('<!channel>');
    expect(message.text).not.toContain('<!channel>');
  });

  it.each([
    [{ kind: 'slash-command', text: 'pr create acme/api <b>' }, 'Run `/bitbucket pr create acme/api &lt;b&gt;` again to open the form.'],
    [{ kind: 'message-shortcut' }, 'Use the shortcut on the message again to open the form.'],
    [{ kind: 'global-shortcut' }, 'Use the Bitbucket shortcut again to open the form.'],
    [undefined, 'Open the form again.'],
  ] as const)('tells how to reopen a form opened by %o', (opener, expected) => {
    const message = renderConnected({ account: buildAccount(), pendingForm: opener === undefined ? {} : { opener } });

    expectValidRender(message);
    expect(collectBlockText(message).join('\n')).toContain(expected);
    expect(collectBlockText(message).join('\n')).not.toContain('now.');
  });
});

describe('renderDisconnected', () => {
  it('confirms and explains revoking', () => {
    const message = renderDisconnected({ account: buildAccount() });

    expectValidRender(message);
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": "Disconnected *<https://bitbucket.org/%7Ba1b2c3d4-0000-4000-8000-000000000001%7D/|Ada Lovelace>* (ada). The app deleted your stored Bitbucket tokens.
      To also withdraw the app's access on Bitbucket, remove it under Personal settings → App authorizations. Run \`/bitbucket connect\` to link an account again.",
              "type": "mrkdwn",
            },
            "type": "section",
          },
        ],
        "text": "Disconnected your Bitbucket account",
      }
    `);
  });
});

describe('renderWhoami', () => {
  it('shows the own connection', () => {
    const message = renderWhoami({ slackUserId: 'U04B7KQ3A2N', connection: { kind: 'own', account: buildAccount() } });

    expectValidRender(message);
    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": "Slack user <@U04B7KQ3A2N> is connected to Bitbucket as *<https://bitbucket.org/%7Ba1b2c3d4-0000-4000-8000-000000000001%7D/|Ada Lovelace>* (ada).",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "<https://bitbucket.org/%7Ba1b2c3d4-0000-4000-8000-000000000001%7D/|Bitbucket profile>",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
        ],
        "text": "Connected to Bitbucket as Ada Lovelace",
      }
    `);
  });

  it('names the shared access token', () => {
    const message = renderWhoami({
      slackUserId: 'U04B7KQ3A2N',
      connection: { kind: 'shared', account: buildAccount({ display_name: 'CI bot', nickname: 'ci-bot' }) },
    });
    const text = collectBlockText(message).join('\n');

    expectValidRender(message);
    expect(text).toContain('commands act as the shared access token');
    expect(text).toContain('CI bot');
  });

  it('offers connect when not connected', () => {
    const text = collectBlockText(renderWhoami({ slackUserId: 'U1ABC', connection: { kind: 'none', canConnect: true } })).join('\n');

    expect(text).toContain('Run `/bitbucket connect`');
  });

  it('names the settings when connect is off', () => {
    const text = collectBlockText(renderWhoami({ slackUserId: 'U1ABC', connection: { kind: 'none', canConnect: false } })).join('\n');

    expect(text).toContain('BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET');
  });

  it('never turns a bad user id into a mention', () => {
    const text = collectBlockText(renderWhoami({ slackUserId: '!channel', connection: { kind: 'none', canConnect: true } })).join('\n');

    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@');
  });
});
