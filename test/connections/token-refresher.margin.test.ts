import { describe, expect, it } from 'vitest';

import type { ConnectionRecord } from '../../src/connections/connection.js';
import { TokenRefresher, type TokenRefresherOptions } from '../../src/connections/token-refresher.js';

const NOW = 1_800_000_000_000;

function recordWith(issuedAt: number, lifetimeMs: number): ConnectionRecord {
  return {
    slackUser: { teamId: 'T1', userId: 'U1' },
    account: { uuid: '{u}', displayName: 'Ada' },
    tokens: { accessToken: 'a', refreshToken: 'r', expiresAt: issuedAt + lifetimeMs },
    scopes: [],
    accessTokenExpiresAt: issuedAt + lifetimeMs,
    createdAt: issuedAt,
    updatedAt: issuedAt,
  };
}

/** needsRefresh reads only the clock and the margin, so the other collaborators stay unused. */
function createRefresher(now: number): TokenRefresher {
  return new TokenRefresher({ now: () => now, refreshMarginMs: 5 * 60_000 } as TokenRefresherOptions);
}

describe('TokenRefresher.needsRefresh', () => {
  it('refreshes a two-hour token five minutes early', () => {
    const record = recordWith(NOW - 2 * 3600_000 + 4 * 60_000, 2 * 3600_000);

    expect(createRefresher(NOW).needsRefresh(record)).toBe(true);
  });

  it('keeps a two-hour token until the margin', () => {
    const record = recordWith(NOW - 3600_000, 2 * 3600_000);

    expect(createRefresher(NOW).needsRefresh(record)).toBe(false);
  });

  it('uses a fresh one-minute token', () => {
    const record = recordWith(NOW - 1_000, 60_000);

    expect(createRefresher(NOW).needsRefresh(record)).toBe(false);
  });

  it('refreshes a one-minute token after half its life', () => {
    const record = recordWith(NOW - 31_000, 60_000);

    expect(createRefresher(NOW).needsRefresh(record)).toBe(true);
  });

  it('refreshes a broken connection', () => {
    expect(createRefresher(NOW).needsRefresh({ ...recordWith(NOW, 60_000), tokens: null })).toBe(true);
  });
});
