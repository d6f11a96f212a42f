import { z } from 'zod';

import { AppError } from '../app-error.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, MAX_REQUEST_TIMEOUT_MS, MIN_REQUEST_TIMEOUT_MS } from '../bitbucket/request-timeout.js';

/** Start-up configuration is missing or invalid. The message names each variable and the fix. */
export class ConfigError extends AppError {
  readonly code = 'config_invalid';

  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** Consumer scopes the 16 actions need; used to explain a missing scope, never sent to Bitbucket. */
export const DEFAULT_BITBUCKET_SCOPES = [
  'account',
  'repository',
  'repository:write',
  'repository:admin',
  'repository:delete',
  'pullrequest',
  'pullrequest:write',
  'issue',
  'issue:write',
  'snippet',
] as const;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Slack mode: one workspace with a bot token, or installs into many workspaces through Slack OAuth. */
export type SlackConfig =
  | {
      mode: 'single-workspace';
      signingSecret?: string;
      botToken: string;
      /** Set for Socket Mode; the app then needs no public URL. */
      appToken?: string;
    }
  | {
      mode: 'oauth';
      signingSecret?: string;
      clientId: string;
      clientSecret: string;
      stateSecret: string;
      appToken?: string;
    };

export interface BitbucketConfig {
  apiUrl: string;
  oauthUrl: string;
  /** Both set, or both undefined; without them `connect` is disabled. */
  clientId?: string;
  clientSecret?: string;
  redirectUri: string;
  scopes: string[];
  /** Optional shared access token for users without their own connection. */
  bearerToken?: string;
  requestTimeoutMs: number;
}

export interface StoreConfig {
  /** Redis, Redis Cluster or Sentinel URL; undefined selects the embedded store. */
  redisUrl?: string;
  /** Directory of the embedded store's database and its generated encryption key. */
  dataDir: string;
  /** 32-byte AES-256-GCM key; required with Redis, generated on first start otherwise. */
  tokenEncryptionKey?: Buffer;
  /** Prefix of every key, so several deployments can share one Redis; undefined selects `bbslack`. */
  namespace?: string;
}

export interface Config {
  port: number;
  publicUrl: string;
  logLevel: LogLevel;
  /** JSON lines in production, readable lines in development. */
  logFormat: 'json' | 'pretty';
  slackApiUrl: string;
  slack: SlackConfig;
  bitbucket: BitbucketConfig;
  store: StoreConfig;
}

const nonEmpty = z.string().trim().min(1);

const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL');

/**
 * A base URL that paths are appended to, so a query string or fragment would swallow them. A value
 * that does not parse passes this check, because httpUrl already reports it.
 */
const baseUrl = httpUrl.refine((value) => {
  if (!URL.canParse(value)) return true;
  const url = new URL(value);
  return url.search === '' && url.hash === '';
}, 'must not contain a query string or fragment');

const envSchema = z.object({
  PORT: z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, 'must be a whole number of decimal digits')
    .transform(Number)
    .pipe(z.number().max(65535, 'must be at most 65535'))
    .default(3000),
  /** Defaults to http://localhost:PORT once PORT is known. */
  PUBLIC_URL: httpUrl.optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  NODE_ENV: z.string().optional(),
  SLACK_SIGNING_SECRET: nonEmpty.optional(),
  SLACK_BOT_TOKEN: nonEmpty.startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional(),
  SLACK_APP_TOKEN: nonEmpty.startsWith('xapp-', 'must be an app-level token starting with xapp-').optional(),
  SLACK_CLIENT_ID: nonEmpty.optional(),
  SLACK_CLIENT_SECRET: nonEmpty.optional(),
  SLACK_STATE_SECRET: nonEmpty.optional(),
  SLACK_API_URL: httpUrl.default('https://slack.com/api/'),
  BITBUCKET_CLIENT_ID: nonEmpty.optional(),
  BITBUCKET_CLIENT_SECRET: nonEmpty.optional(),
  BITBUCKET_API_URL: baseUrl.default('https://api.bitbucket.org/2.0'),
  BITBUCKET_OAUTH_URL: baseUrl.default('https://bitbucket.org/site/oauth2'),
  BITBUCKET_OAUTH_REDIRECT_URI: httpUrl.optional(),
  BITBUCKET_SCOPES: nonEmpty
    .refine((value) => splitScopes(value).length > 0, 'must name at least one scope')
    .optional(),
  BITBUCKET_BEARER_TOKEN: nonEmpty
    .regex(/^[\x21-\x7e]+$/, 'it contains a space, line break or other character that a bearer token cannot contain')
    .optional(),
  BITBUCKET_TIMEOUT_MS: z.coerce.number().int().min(MIN_REQUEST_TIMEOUT_MS).max(MAX_REQUEST_TIMEOUT_MS).default(DEFAULT_REQUEST_TIMEOUT_MS),
  REDIS_URL: z
    .string()
    .trim()
    .regex(/^(redis|rediss|redis\+sentinel|redis\+cluster):\/\//, 'must start with redis://, rediss://, redis+sentinel:// or redis+cluster://')
    .optional(),
  DATA_DIR: nonEmpty.default('./data'),
  TOKEN_ENCRYPTION_KEY: nonEmpty.optional(),
  STORE_NAMESPACE: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1 to 64 letters, digits, dots, dashes or underscores')
    .optional(),
});

/** Variables whose values never appear in an error message. */
const SECRET_VARIABLES = new Set([
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
  'BITBUCKET_CLIENT_SECRET',
  'BITBUCKET_BEARER_TOKEN',
  'TOKEN_ENCRYPTION_KEY',
  'REDIS_URL',
]);

/** The fix for each variable, appended to its error when the value is invalid. */
const FIXES: Record<string, string> = {
  PORT: 'set it to a TCP port number from 0 to 65535, such as 3000',
  PUBLIC_URL: 'set it to the URL Slack and browsers reach this app at, e.g. https://bitbucket-slack.example.com',
  LOG_LEVEL: 'use one of debug, info, warn, error',
  LOG_FORMAT: 'use json or pretty',
  SLACK_BOT_TOKEN: 'copy the Bot User OAuth Token (xoxb-…) from the Slack app\'s "OAuth & Permissions" page',
  SLACK_APP_TOKEN: 'create an app-level token with the connections:write scope under "Basic Information"',
  SLACK_API_URL: 'leave it unset to use https://slack.com/api/',
  BITBUCKET_API_URL: 'leave it unset to use https://api.bitbucket.org/2.0',
  BITBUCKET_OAUTH_URL: 'leave it unset to use https://bitbucket.org/site/oauth2',
  BITBUCKET_OAUTH_REDIRECT_URI: 'set it to the callback URL registered on the Bitbucket OAuth consumer',
  BITBUCKET_TIMEOUT_MS: `set it to a number of milliseconds between ${MIN_REQUEST_TIMEOUT_MS} and ${MAX_REQUEST_TIMEOUT_MS}`,
  BITBUCKET_BEARER_TOKEN: 'set it to the access token alone, as Bitbucket shows it',
  REDIS_URL: 'use a URL such as redis://127.0.0.1:6379, or leave it unset for the embedded store',
  DATA_DIR: 'set it to a writable directory',
  BITBUCKET_SCOPES: 'list the scopes the OAuth consumer grants, such as "repository pullrequest:write", or leave it unset',
  STORE_NAMESPACE: 'use a short name such as bbslack-staging, the same on every instance of one deployment',
};

/**
 * Parses the environment once at start-up. Throws ConfigError listing every missing or invalid
 * variable with its fix, so an operator can correct them all in one go.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const fix = FIXES[name];
      const quotedValue = SECRET_VARIABLES.has(name) ? '' : describeValue(cleaned[name]);
      return `${name} ${quotedValue}is invalid: ${issue.message}${fix ? `; ${fix}` : ''}.`;
    });
    throw new ConfigError([...problems, ...findProblemsBesides(cleaned, parsed.error.issues)]);
  }

  const e = parsed.data;
  const publicUrl = buildPublicUrl(e);
  const problems: string[] = [];

  const slack = buildSlackConfig(e, problems);
  const bitbucket = buildBitbucketConfig(e, publicUrl, problems);
  const store = buildStoreConfig(e, problems);
  if (problems.length > 0 || !slack) {
    throw new ConfigError(problems);
  }

  return {
    port: e.PORT,
    publicUrl,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (e.NODE_ENV === 'production' ? 'json' : 'pretty'),
    slackApiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
    slack,
    bitbucket,
    store,
  };
}

type Env = z.infer<typeof envSchema>;

function buildPublicUrl(e: Env): string {
  return (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
}

/**
 * Returns the problems of the other variables when some values are invalid, such as a missing
 * signing secret next to an invalid PORT, so one start reports them all. The invalid variables are
 * left out and checked as if unset, and problems that name them are dropped, because their own
 * message already covers them.
 */
function findProblemsBesides(cleaned: Record<string, string | undefined>, issues: readonly z.core.$ZodIssue[]): string[] {
  const invalidNames = new Set(issues.map((issue) => String(issue.path[0] ?? '')));
  const rest = Object.fromEntries(Object.entries(cleaned).filter(([name]) => !invalidNames.has(name)));
  const reparsed = envSchema.safeParse(rest);
  if (!reparsed.success) return [];

  const problems: string[] = [];
  buildSlackConfig(reparsed.data, problems);
  buildBitbucketConfig(reparsed.data, buildPublicUrl(reparsed.data), problems);
  buildStoreConfig(reparsed.data, problems);
  return problems.filter((problem) => !invalidNames.has(problem.split(' ')[0] ?? ''));
}

function buildSlackConfig(e: Env, problems: string[]): SlackConfig | undefined {
  const oauthVariables = [e.SLACK_CLIENT_ID, e.SLACK_CLIENT_SECRET, e.SLACK_STATE_SECRET];
  const socketMode = e.SLACK_APP_TOKEN !== undefined;

  if (!socketMode && !e.SLACK_SIGNING_SECRET) {
    problems.push(
      'SLACK_SIGNING_SECRET is missing; copy the Signing Secret from the Slack app\'s "Basic Information" page, or set SLACK_APP_TOKEN to use Socket Mode.',
    );
  }

  if (oauthVariables.some((value) => value !== undefined)) {
    if (e.SLACK_BOT_TOKEN) {
      problems.push(
        'SLACK_BOT_TOKEN is set together with SLACK_CLIENT_ID; unset SLACK_BOT_TOKEN to install into many workspaces through Slack OAuth, or unset the SLACK_CLIENT_* variables for one workspace.',
      );
    }
    const missing = (['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const).filter(
      (name) => !e[name],
    );
    for (const name of missing) {
      problems.push(
        `${name} is missing; installing through Slack OAuth needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET (from "Basic Information") and SLACK_STATE_SECRET (any long random string).`,
      );
    }
    if (missing.length > 0) return undefined;
    return {
      mode: 'oauth',
      signingSecret: e.SLACK_SIGNING_SECRET,
      clientId: e.SLACK_CLIENT_ID!,
      clientSecret: e.SLACK_CLIENT_SECRET!,
      stateSecret: e.SLACK_STATE_SECRET!,
      appToken: e.SLACK_APP_TOKEN,
    };
  }

  if (!e.SLACK_BOT_TOKEN) {
    problems.push(
      'SLACK_BOT_TOKEN is missing; copy the Bot User OAuth Token (xoxb-…) from the Slack app\'s "OAuth & Permissions" page, or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET to install through Slack OAuth.',
    );
    return undefined;
  }
  return {
    mode: 'single-workspace',
    signingSecret: e.SLACK_SIGNING_SECRET,
    botToken: e.SLACK_BOT_TOKEN,
    appToken: e.SLACK_APP_TOKEN,
  };
}

function buildBitbucketConfig(e: Env, publicUrl: string, problems: string[]): BitbucketConfig {
  if (Boolean(e.BITBUCKET_CLIENT_ID) !== Boolean(e.BITBUCKET_CLIENT_SECRET)) {
    const missing = e.BITBUCKET_CLIENT_ID ? 'BITBUCKET_CLIENT_SECRET' : 'BITBUCKET_CLIENT_ID';
    problems.push(
      `${missing} is missing; set both BITBUCKET_CLIENT_ID (the consumer's Key) and BITBUCKET_CLIENT_SECRET (its Secret) from Bitbucket's workspace settings, "OAuth consumers", or neither to disable connect.`,
    );
  }

  const scopes = e.BITBUCKET_SCOPES ? splitScopes(e.BITBUCKET_SCOPES) : [...DEFAULT_BITBUCKET_SCOPES];

  return {
    apiUrl: e.BITBUCKET_API_URL.replace(/\/+$/, ''),
    oauthUrl: e.BITBUCKET_OAUTH_URL.replace(/\/+$/, ''),
    clientId: e.BITBUCKET_CLIENT_ID,
    clientSecret: e.BITBUCKET_CLIENT_SECRET,
    redirectUri: e.BITBUCKET_OAUTH_REDIRECT_URI ?? `${publicUrl}/bitbucket/oauth/callback`,
    scopes,
    bearerToken: e.BITBUCKET_BEARER_TOKEN,
    requestTimeoutMs: e.BITBUCKET_TIMEOUT_MS,
  };
}

function buildStoreConfig(e: Env, problems: string[]): StoreConfig {
  let key: Buffer | undefined;
  if (e.TOKEN_ENCRYPTION_KEY) {
    // Standard and URL-safe base64, with or without padding, decode to the same bytes.
    const text = e.TOKEN_ENCRYPTION_KEY.replace(/\s/g, '').replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
    key = Buffer.from(text, 'base64');

    let problem: string | undefined;
    if (!/^[A-Za-z0-9+/]*$/.test(text) || key.toString('base64').replace(/=+$/, '') !== text) {
      problem = 'it is not valid base64';
    } else if (key.length !== 32) {
      problem = `it decodes to ${key.length} bytes, but it must be 32 random bytes`;
    }
    if (problem !== undefined) {
      problems.push(`TOKEN_ENCRYPTION_KEY is invalid: ${problem}. Create one with \`openssl rand -base64 32\`.`);
      key = undefined;
    }
  } else if (e.REDIS_URL) {
    problems.push(
      'TOKEN_ENCRYPTION_KEY is missing; with REDIS_URL set, stored tokens must be encrypted with a key every instance shares. Create one with `openssl rand -base64 32`.',
    );
  }
  return { redisUrl: e.REDIS_URL, dataDir: e.DATA_DIR, tokenEncryptionKey: key, namespace: e.STORE_NAMESPACE };
}

/** Splits a comma- or space-separated scope list, dropping empty entries. */
function splitScopes(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}

function describeValue(value: string | undefined): string {
  if (value === undefined) return '';
  return `(${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}) `;
}
