import { describe, expect, it } from 'vitest';

import { ConfigError, parseConfig } from '../../src/config/config.js';

const singleWorkspace = {
  SLACK_SIGNING_SECRET: 'signing-secret',
  SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('parseConfig accepted the environment');
}

describe('parseConfig', () => {
  it('applies defaults for one workspace', () => {
    const config = parseConfig(singleWorkspace);

    expect(config.port).toBe(3000);
    expect(config.slack.mode).toBe('single-workspace');
    expect(config.bitbucket.apiUrl).toBe('https://api.bitbucket.org/2.0');
    expect(config.bitbucket.redirectUri).toBe('http://localhost:3000/bitbucket/oauth/callback');
    expect(config.store.redisUrl).toBeUndefined();
    expect(config.slackApiUrl).toBe('https://slack.com/api/');
  });

  it('names a missing signing secret and its fix', () => {
    const problems = problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('SLACK_SIGNING_SECRET is missing');
    expect(problems[0]).toContain('Basic Information');
  });

  it('accepts Socket Mode without a signing secret', () => {
    const config = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });

    expect(config.slack.appToken).toBe('xapp-1');
  });

  it('requires the encryption key with Redis', () => {
    const problems = problemsOf({ ...singleWorkspace, REDIS_URL: 'redis://127.0.0.1:6379' });

    expect(problems.join('\n')).toContain('TOKEN_ENCRYPTION_KEY is missing');
    expect(problems.join('\n')).toContain('openssl rand -base64 32');
  });

  it('rejects a short encryption key', () => {
    const problems = problemsOf({ ...singleWorkspace, TOKEN_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') });

    expect(problems.join('\n')).toContain('decodes to 16 bytes');
  });

  it('accepts a 32-byte encryption key', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const config = parseConfig({ ...singleWorkspace, REDIS_URL: 'redis://127.0.0.1:6379', TOKEN_ENCRYPTION_KEY: key });

    expect(config.store.tokenEncryptionKey?.length).toBe(32);
  });

  it('lists every invalid variable at once', () => {
    const problems = problemsOf({ PORT: 'eighty', LOG_LEVEL: 'loud', SLACK_BOT_TOKEN: 'xoxp-user' });

    expect(problems.some((problem) => problem.startsWith('PORT ("eighty") is invalid'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('LOG_LEVEL ("loud") is invalid'))).toBe(true);
    expect(problems.some((problem) => problem.includes('SLACK_BOT_TOKEN is invalid'))).toBe(true);
  });

  it('never echoes a secret value', () => {
    const problems = problemsOf({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxp-very-secret-user-token' });

    expect(problems.join('\n')).not.toContain('very-secret');
  });

  it('requires all three Slack OAuth variables', () => {
    const problems = problemsOf({ SLACK_SIGNING_SECRET: 's', SLACK_CLIENT_ID: '1.2' });

    expect(problems.join('\n')).toContain('SLACK_CLIENT_SECRET is missing');
    expect(problems.join('\n')).toContain('SLACK_STATE_SECRET is missing');
  });

  it('requires the Bitbucket consumer secret with its id', () => {
    const problems = problemsOf({ ...singleWorkspace, BITBUCKET_CLIENT_ID: 'key' });

    expect(problems.join('\n')).toContain('BITBUCKET_CLIENT_SECRET is missing');
  });

  it('reads the store namespace', () => {
    expect(parseConfig(singleWorkspace).store.namespace).toBeUndefined();
    expect(parseConfig({ ...singleWorkspace, STORE_NAMESPACE: 'bbslack-staging' }).store.namespace).toBe('bbslack-staging');
  });

  it('rejects a store namespace with a colon', () => {
    const problems = problemsOf({ ...singleWorkspace, STORE_NAMESPACE: 'a:b' });

    expect(problems.join('\n')).toContain('STORE_NAMESPACE');
  });
});
