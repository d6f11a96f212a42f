import { pino, type Logger as PinoLogger, type LoggerOptions } from 'pino';
import type { Logger as SlackLogger, LogLevel as SlackLogLevel } from '@slack/bolt';

import type { LogLevel } from '../config/config.js';

export type Logger = PinoLogger;

/** Object keys whose values are replaced by "[redacted]" wherever they appear (two levels deep). */
const SECRET_KEYS = [
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'botToken',
  'appToken',
  'clientSecret',
  'client_secret',
  'signingSecret',
  'stateSecret',
  'password',
  'authorization',
  'Authorization',
  'cookie',
  'tokenEncryptionKey',
];

const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/**
 * Token shapes that may hide inside free text (error messages, URLs): Slack tokens, bearer
 * headers, OAuth codes and tokens in query strings, and Redis URL passwords.
 */
const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/xox[abposr]-[A-Za-z0-9-]+/g, 'xox?-[redacted]'],
  [/xapp-[A-Za-z0-9-]+/g, 'xapp-[redacted]'],
  [/(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  [/([?&](?:code|access_token|refresh_token|client_secret|token|state)=)[^&\s"']+/gi, '$1[redacted]'],
  [/(rediss?(?:\+\w+)?:\/\/[^:/@\s]*:)[^@\s]+@/gi, '$1[redacted]@'],
];

/** Replaces token-shaped substrings of `text`. */
export function redactText(text: string): string {
  let result = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) {
    result = result.replace(pattern, replacement);
  }
  return result;
}

export interface LoggerSettings {
  level: LogLevel;
  format: 'json' | 'pretty';
  /** Where log lines go; defaults to standard output. Tests pass a stream to read them. */
  destination?: NodeJS.WritableStream;
}

/** Creates the app's one pino logger, with secrets redacted by key and by shape. */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    base: { service: 'bitbucket-slack' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      err: serializeError,
      error: serializeError,
    },
    hooks: {
      logMethod(args, method) {
        const cleaned = args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg));
        method.apply(this, cleaned as Parameters<typeof method>);
      },
    },
    formatters: {
      level: (label) => ({ level: label }),
    },
  };

  if (settings.format === 'pretty' && !settings.destination) {
    return pino({
      ...options,
      // Colour only on a terminal, so log files and pipes get no escape codes.
      transport: { target: 'pino-pretty', options: { colorize: isColorTerminal(), translateTime: 'SYS:HH:MM:ss.l' } },
    });
  }
  return pino(options, (settings.destination ?? process.stdout) as pino.DestinationStream);
}

/** Returns true when standard output is a terminal and NO_COLOR (https://no-color.org) is unset or empty. */
function isColorTerminal(): boolean {
  return process.stdout.isTTY === true && !process.env.NO_COLOR;
}

function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  for (const key of ['message', 'stack']) {
    const value = serialized[key];
    if (typeof value === 'string') serialized[key] = redactText(value);
  }

  // got's errors carry their options, request and response objects. Those are circular, so pino
  // logs a placeholder in place of the whole error, and may hold credentials. Only plain data and
  // nested errors are kept.
  const serializedErrorPrototype: unknown = Object.getPrototypeOf(serialized);
  for (const [key, value] of Object.entries(serialized)) {
    const isNestedError = typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === serializedErrorPrototype;
    if (!isNestedError && !isPlainData(value)) delete serialized[key];
  }
  return serialized;
}

/** Returns true for JSON-like data: primitives, arrays and plain objects, at most four levels deep. */
function isPlainData(value: unknown, depth = 0): boolean {
  if (typeof value === 'function' || typeof value === 'symbol') return false;
  if (value === null || typeof value !== 'object') return true;
  if (depth >= 4) return false;
  if (Array.isArray(value)) return value.every((item) => isPlainData(item, depth + 1));

  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  return Object.values(value).every((item) => isPlainData(item, depth + 1));
}

/** Adapts the pino logger to Bolt's Logger interface so Bolt's own lines are redacted too. */
export function toSlackLogger(logger: Logger): SlackLogger {
  let name = 'bolt';
  let child = logger.child({ component: name });
  return {
    debug: (...messages) => child.debug(formatMessages(messages)),
    info: (...messages) => child.info(formatMessages(messages)),
    warn: (...messages) => child.warn(formatMessages(messages)),
    error: (...messages) => child.error(formatMessages(messages)),
    setLevel: (level: SlackLogLevel) => {
      child.level = level;
    },
    getLevel: () => child.level as SlackLogLevel,
    setName: (newName: string) => {
      name = newName;
      child = logger.child({ component: name });
    },
  };
}

function formatMessages(messages: unknown[]): string {
  return messages
    .map((message) => {
      if (typeof message === 'string') return message;
      if (message instanceof Error) return message.stack ?? message.message;
      try {
        return JSON.stringify(message);
      } catch {
        return String(message);
      }
    })
    .join(' ');
}
