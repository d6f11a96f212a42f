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

describe('parseConfig shared access token', () => {
  it.each([
    ['a line break', 'secret-part\nX-Injected: 1'],
    ['a space', 'secret-part other'],
  ])('rejects a token with %s', (_name, token) => {
    const problems = problemsOf({ ...singleWorkspace, BITBUCKET_BEARER_TOKEN: token });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('BITBUCKET_BEARER_TOKEN');
    expect(problems[0]).not.toContain('secret-part');
  });

  it('trims white space around the token', () => {
    const config = parseConfig({ ...singleWorkspace, BITBUCKET_BEARER_TOKEN: '  token-123\n' });

    expect(config.bitbucket.bearerToken).toBe('token-123');
  });
});

describe('parseConfig Bitbucket API URL', () => {
  it.each(['https://api.bitbucket.org/2.0?x=1', 'https://api.bitbucket.org/2.0#part'])('rejects %s', (url) => {
    const problems = problemsOf({ ...singleWorkspace, BITBUCKET_API_URL: url });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('BITBUCKET_API_URL');
    expect(problems[0]).toContain('query string or fragment');
  });
});

describe('parseConfig Bitbucket OAuth URL', () => {
  it('rejects a query string', () => {
    const problems = problemsOf({ ...singleWorkspace, BITBUCKET_OAUTH_URL: 'https://bitbucket.org/site/oauth2?x=1' });

    expect(problems).toEqual([expect.stringContaining('query string or fragment')]);
  });

  it('reports a value that is not a URL once', () => {
    const problems = problemsOf({ ...singleWorkspace, BITBUCKET_API_URL: 'not a url' });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('must be an http:// or https:// URL');
  });
});

describe('parseConfig token encryption key', () => {
  const bytes = Buffer.alloc(32, 0xfb);
  const withRedis = { ...singleWorkspace, REDIS_URL: 'redis://127.0.0.1:6379' };

  it.each([
    ['padded base64', bytes.toString('base64')],
    ['base64 without padding', bytes.toString('base64').replace(/=+$/, '')],
    ['URL-safe base64', bytes.toString('base64url')],
    ['base64 with a line break', `${bytes.toString('base64').slice(0, 20)}\n${bytes.toString('base64').slice(20)}`],
  ])('accepts %s', (_name, text) => {
    const config = parseConfig({ ...withRedis, TOKEN_ENCRYPTION_KEY: text });

    expect(config.store.tokenEncryptionKey?.equals(bytes)).toBe(true);
  });

  it('says a short key is too short', () => {
    const problems = problemsOf({ ...withRedis, TOKEN_ENCRYPTION_KEY: Buffer.alloc(16, 1).toString('base64') });

    expect(problems).toEqual([expect.stringContaining('decodes to 16 bytes, but it must be 32 random bytes')]);
  });

  it('says a key with other characters is not base64', () => {
    const problems = problemsOf({ ...withRedis, TOKEN_ENCRYPTION_KEY: `${bytes.toString('base64').slice(0, 40)}*${bytes.toString('base64').slice(40)}` });

    expect(problems).toEqual([expect.stringContaining('is not valid base64')]);
    expect(problems[0]).not.toContain('decodes to 32 bytes');
  });
});

describe('parseConfig PORT', () => {
  it.each(['1e3', '0x50', '80.0', '-1', '70000'])('rejects %j', (port) => {
    const problems = problemsOf({ ...singleWorkspace, PORT: port });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`PORT ("${port}") is invalid`);
    expect(problems[0]).toContain('from 0 to 65535');
  });

  it('accepts digits with spaces around them', () => {
    expect(parseConfig({ ...singleWorkspace, PORT: ' 8080 ' }).port).toBe(8080);
  });
});

describe('parseConfig PUBLIC_URL default', () => {
  it('follows PORT', () => {
    const config = parseConfig({ ...singleWorkspace, PORT: '8080' });

    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(config.bitbucket.redirectUri).toBe('http://localhost:8080/bitbucket/oauth/callback');
  });

  it('gives way to a set PUBLIC_URL', () => {
    const config = parseConfig({ ...singleWorkspace, PORT: '8080', PUBLIC_URL: 'https://slack-bb.example.com/' });

    expect(config.publicUrl).toBe('https://slack-bb.example.com');
    expect(config.bitbucket.redirectUri).toBe('https://slack-bb.example.com/bitbucket/oauth/callback');
  });
});

describe('parseConfig BITBUCKET_SCOPES', () => {
  it('rejects a list of separators only', () => {
    const problems = problemsOf({ ...singleWorkspace, BITBUCKET_SCOPES: ' , ,' });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('BITBUCKET_SCOPES');
    expect(problems[0]).toContain('must name at least one scope');
  });

  it('splits commas and spaces', () => {
    const config = parseConfig({ ...singleWorkspace, BITBUCKET_SCOPES: 'repository, pullrequest:write  account' });

    expect(config.bitbucket.scopes).toEqual(['repository', 'pullrequest:write', 'account']);
  });
});

describe('parseConfig with invalid and missing variables', () => {
  it('reports both in one start', () => {
    const problems = problemsOf({ PORT: 'abc', SLACK_BOT_TOKEN: 'xoxb-1' });

    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('PORT ("abc") is invalid');
    expect(problems[1]).toContain('SLACK_SIGNING_SECRET is missing');
  });

  it('does not call an invalid variable missing', () => {
    const problems = problemsOf({ SLACK_SIGNING_SECRET: 'signing-secret', SLACK_BOT_TOKEN: 'not-a-bot-token' });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('SLACK_BOT_TOKEN is invalid: must be a bot token starting with xoxb-');
  });
});
