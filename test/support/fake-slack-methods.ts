/**
 * Default response bodies of the fake Slack Web API: `ok: true` with the fields callers read from
 * each method's documented response. Values are made up, but ids have Slack's shapes.
 */

/** A call as the fake received it; see RecordedSlackCall in fake-slack.ts. */
export interface MethodCall {
  method: string;
  body: Record<string, unknown>;
}

/** State the default responses share, so timestamps and view ids are unique within one fake. */
export interface FakeSlackState {
  baseUrl: string;
  nextSequence(): number;
}

type MethodResponder = (call: MethodCall, state: FakeSlackState) => Record<string, unknown>;

const TEAM_ID = 'T04B7KQ2X1M';
const BOT_USER_ID = 'U04B7KQ9G8V';
const BOT_ID = 'B04B7KQ7E6S';
const APP_ID = 'A04B7KQ6D5R';

/** The workspace that `oauth.v2.access` installs the app into by default: a second team, not TEAM_ID. */
export const INSTALLED_TEAM = { id: 'T04C2MN8Q7P', name: 'second-workspace' } as const;
/** Bot token and bot user of the default `oauth.v2.access` installation. */
export const INSTALLED_BOT_TOKEN = 'xoxb-second-workspace-bot-token';
export const INSTALLED_BOT_USER_ID = 'U04C2MN9R8S';
/** The person who installed the app in INSTALLED_TEAM. */
export const INSTALLING_USER_ID = 'U04C2MNAT9U';

/** Returns a message timestamp such as `1767225600.000042`: epoch seconds, then a unique sequence. */
function createTimestamp(state: FakeSlackState): string {
  return `1767225600.${String(state.nextSequence()).padStart(6, '0')}`;
}

function readString(body: Record<string, unknown>, key: string, fallback: string): string {
  const value = body[key];
  return typeof value === 'string' && value !== '' ? value : fallback;
}

function buildView(call: MethodCall, state: FakeSlackState): Record<string, unknown> {
  const submitted = typeof call.body['view'] === 'object' && call.body['view'] !== null ? call.body['view'] : {};
  const sequence = state.nextSequence();
  const viewId = readString(call.body, 'view_id', `V${String(sequence).padStart(10, '0')}`);
  return {
    ...submitted,
    id: viewId,
    team_id: TEAM_ID,
    app_id: APP_ID,
    bot_id: BOT_ID,
    state: { values: {} },
    hash: `${1767225600 + sequence}.${sequence.toString(16).padStart(8, '0')}`,
    root_view_id: viewId,
    previous_view_id: null,
  };
}

export const DEFAULT_METHOD_RESPONSES: Record<string, MethodResponder> = {
  'auth.test': (_call, state) => ({
    url: `${state.baseUrl}/`,
    team: 'example-workspace',
    user: 'bitbucket',
    team_id: TEAM_ID,
    user_id: BOT_USER_ID,
    bot_id: BOT_ID,
    is_enterprise_install: false,
  }),
  'chat.postMessage': (call, state) => {
    const ts = createTimestamp(state);
    const channel = readString(call.body, 'channel', 'C04B7KQ5C4Q');
    return {
      channel,
      ts,
      message: { type: 'message', bot_id: BOT_ID, user: BOT_USER_ID, ts, text: call.body['text'] ?? '', blocks: call.body['blocks'] },
    };
  },
  'chat.postEphemeral': (_call, state) => ({ message_ts: createTimestamp(state) }),
  'chat.update': (call) => ({
    channel: readString(call.body, 'channel', 'C04B7KQ5C4Q'),
    ts: readString(call.body, 'ts', '1767225600.000001'),
    text: call.body['text'] ?? '',
  }),
  'chat.getPermalink': (call, state) => {
    const channel = readString(call.body, 'channel', 'C04B7KQ5C4Q');
    const ts = readString(call.body, 'message_ts', '1767225600.000001');
    // The permalink points at the fake itself, so nothing that follows it leaves loopback.
    return { channel, permalink: `${state.baseUrl}/archives/${channel}/p${ts.replace('.', '')}` };
  },
  'views.open': (call, state) => ({ view: buildView(call, state) }),
  'views.update': (call, state) => ({ view: buildView(call, state) }),
  'views.push': (call, state) => ({ view: buildView(call, state) }),
  'users.info': (call) => {
    const id = readString(call.body, 'user', 'U04B7KQ3A2N');
    return {
      user: {
        id,
        team_id: TEAM_ID,
        name: 'example.user',
        real_name: 'Example User',
        tz: 'Europe/Berlin',
        is_bot: false,
        profile: { display_name: 'example.user', real_name: 'Example User' },
      },
    };
  },
  // Exchanges an OAuth code for a bot token, as after "Add to Slack"; the app requests no user scopes.
  'oauth.v2.access': () => ({
    access_token: INSTALLED_BOT_TOKEN,
    token_type: 'bot',
    scope: 'commands,chat:write,chat:write.public',
    bot_user_id: INSTALLED_BOT_USER_ID,
    app_id: APP_ID,
    team: { ...INSTALLED_TEAM },
    enterprise: null,
    is_enterprise_install: false,
    authed_user: { id: INSTALLING_USER_ID },
  }),
  'conversations.info': (call) => {
    const id = readString(call.body, 'channel', 'C04B7KQ5C4Q');
    return { channel: { id, name: 'dev-team', is_channel: true, is_private: false, is_member: true, is_archived: false } };
  },
};
