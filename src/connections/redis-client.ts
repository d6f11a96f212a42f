import {
  createClient,
  createCluster,
  createSentinel,
  type RedisClientConnectionType,
  type RedisClientOptions,
} from '@keyv/redis';

/** How long the client may take to open a connection, and how it retries after losing one. */
export interface RedisConnectionOptions {
  connectTimeoutMs: number;
  /** Upper bound of the wait between two reconnect attempts. */
  maxReconnectDelayMs: number;
}

/** A Redis URL taken apart. `kind` follows the scheme. */
export type ParsedRedisUrl =
  | { kind: 'standalone'; url: string }
  | { kind: 'cluster'; nodes: HostPort[]; username?: string; password?: string }
  | { kind: 'sentinel'; nodes: HostPort[]; masterName: string; username?: string; password?: string };

export interface HostPort {
  host: string;
  port: number;
}

const MULTI_HOST_URL = /^(redis\+cluster|redis\+sentinel):\/\/(?:([^@/]*)@)?([^/?#]+)(?:\/([^?#]*))?(?:\?.*)?$/;

/**
 * Parses `redis://`, `rediss://`, `redis+cluster://[user:password@]host:port,host:port` and
 * `redis+sentinel://[user:password@]host:port,host:port/masterName`. Throws an Error that names
 * the expected form and never contains the password.
 */
export function parseRedisUrl(url: string): ParsedRedisUrl {
  if (/^rediss?:\/\//.test(url)) {
    return { kind: 'standalone', url };
  }

  const match = MULTI_HOST_URL.exec(url);
  if (!match) {
    throw new Error(
      'REDIS_URL is invalid: use redis://host:port, rediss://host:port, redis+cluster://host:port,host:port or redis+sentinel://host:port,host:port/masterName.',
    );
  }
  const [, scheme, credentials, hostList, path] = match;
  const nodes = hostList!.split(',').map((entry) => parseHostPort(entry, scheme === 'redis+sentinel' ? 26379 : 6379));
  const { username, password } = parseCredentials(credentials);

  if (scheme === 'redis+cluster') {
    return { kind: 'cluster', nodes, username, password };
  }
  const masterName = decodeURIComponent(path ?? '').split('/')[0] ?? '';
  if (masterName === '') {
    throw new Error(
      'REDIS_URL is invalid: a redis+sentinel:// URL needs the master name as its path, e.g. redis+sentinel://sentinel-1:26379,sentinel-2:26379/mymaster.',
    );
  }
  return { kind: 'sentinel', nodes, masterName, username, password };
}

/**
 * Creates a Redis client for `url` that fails fast while Redis is down and reconnects by itself.
 * The offline queue is disabled, so a command sent while the connection is lost rejects at once
 * ("The client is offline") instead of waiting until Redis returns. The client is not connected yet.
 */
export function createRedisConnection(url: string, options: RedisConnectionOptions): RedisClientConnectionType {
  const parsed = parseRedisUrl(url);
  const clientOptions: RedisClientOptions = {
    disableOfflineQueue: true,
    socket: {
      connectTimeout: options.connectTimeoutMs,
      reconnectStrategy: (attempt: number) => Math.min(100 * 2 ** attempt, options.maxReconnectDelayMs),
    },
  };

  switch (parsed.kind) {
    case 'standalone':
      return createClient({ ...clientOptions, url: parsed.url });
    case 'cluster':
      // NOTE: TLS to cluster nodes is not configurable through the URL yet.
      return createCluster({
        rootNodes: parsed.nodes.map((node) => ({ socket: { host: node.host, port: node.port } })),
        defaults: { ...clientOptions, username: parsed.username, password: parsed.password },
      }) as unknown as RedisClientConnectionType;
    case 'sentinel':
      // NOTE: the credentials apply to the master and replicas. Sentinels that require their
      // own password are not supported through the URL yet.
      return createSentinel({
        name: parsed.masterName,
        sentinelRootNodes: parsed.nodes,
        nodeClientOptions: { ...clientOptions, username: parsed.username, password: parsed.password },
        sentinelClientOptions: { socket: clientOptions.socket },
      }) as unknown as RedisClientConnectionType;
  }
}

/** Returns `url` without its password, for logs. */
export function describeRedisUrl(url: string): string {
  return url.replace(/^([a-z+]+:\/\/)([^@/]*)@/i, (_, scheme: string, credentials: string) => {
    const user = credentials.split(':')[0];
    return user ? `${scheme}${user}:***@` : `${scheme}***@`;
  });
}

function parseHostPort(entry: string, defaultPort: number): HostPort {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry.trim());
  if (!match) {
    throw new Error(`REDIS_URL is invalid: "${entry}" is not a host:port pair.`);
  }
  const host = match[1]!.replace(/^\[|\]$/g, '');
  return { host, port: match[2] ? Number(match[2]) : defaultPort };
}

function parseCredentials(credentials: string | undefined): { username?: string; password?: string } {
  if (!credentials) return {};
  const separator = credentials.indexOf(':');
  if (separator === -1) {
    return { username: decodeURIComponent(credentials) || undefined };
  }
  return {
    username: decodeURIComponent(credentials.slice(0, separator)) || undefined,
    password: decodeURIComponent(credentials.slice(separator + 1)) || undefined,
  };
}
