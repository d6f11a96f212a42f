import { executeAction, findAction, listActions, type ActionDescription } from '../actions/registry.js';
import { isSendableBearerToken } from '../bitbucket/bearer-token.js';
import { BitbucketClient, DEFAULT_BITBUCKET_API_URL } from '../bitbucket/client.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, MAX_REQUEST_TIMEOUT_MS, MIN_REQUEST_TIMEOUT_MS } from '../bitbucket/request-timeout.js';
import { createStaticTokenSource } from '../bitbucket/token-source.js';
import { createLogger } from '../logging/logger.js';

/** Exit codes: 0 the action succeeded, 1 it ran and failed, 2 the command line or setup is wrong. */
export const EXIT_SUCCESS = 0;
export const EXIT_ACTION_FAILED = 1;
export const EXIT_USAGE = 2;

export const USAGE = `Usage: bitbucket-slack tools <command>

Runs the Bitbucket toolkit actions from a shell and prints each result as JSON.

Commands:
  tools list [--json]                     List the actions; --json prints each one's JSON Schema
  tools run <SLUG> --params '<json>'      Run one action with a JSON object of parameters

Environment:
  BITBUCKET_BEARER_TOKEN   Access token sent as "Authorization: Bearer" (required by tools run)
  BITBUCKET_API_URL        API base URL (default ${DEFAULT_BITBUCKET_API_URL})
  BITBUCKET_TIMEOUT_MS     Timeout of one request, in milliseconds, ${MIN_REQUEST_TIMEOUT_MS} to ${MAX_REQUEST_TIMEOUT_MS} (default ${DEFAULT_REQUEST_TIMEOUT_MS})
  LOG_LEVEL                debug, info, warn or error; log lines go to standard error (default warn)

Exit status: 0 when the action succeeded, 1 when it failed, 2 for a usage or setup error.

Example:
  bitbucket-slack tools run BITBUCKET_LIST_REPOSITORIES_IN_WORKSPACE --params '{"workspace":"acme"}'
`;

/** Output streams of the CLI; tests pass their own. */
export interface CliOutput {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Runs one CLI invocation and returns its exit code. `env` is the process environment. */
export async function runCli(args: string[], env: Record<string, string | undefined>, output: CliOutput): Promise<number> {
  const fail = (message: string): number => {
    output.stderr.write(`bitbucket-slack: ${message}\n`);
    return EXIT_USAGE;
  };

  if (args.length === 0) {
    output.stderr.write(USAGE);
    return EXIT_USAGE;
  }
  if (args.includes('--help') || args.includes('-h') || args[0] === 'help') {
    output.stdout.write(USAGE);
    return EXIT_SUCCESS;
  }
  if (args[0] !== 'tools') return fail(`unknown command ${JSON.stringify(args[0])}; run "bitbucket-slack --help"`);

  const [command, ...rest] = args.slice(1);
  if (command === 'list') return listTools(rest, output, fail);
  if (command === 'run') return runTool(rest, env, output, fail);
  if (command === undefined) return fail('missing command after "tools"; use "tools list" or "tools run <SLUG>"');
  return fail(`unknown command "tools ${command}"; use "tools list" or "tools run <SLUG>"`);
}

function listTools(args: string[], output: CliOutput, fail: (message: string) => number): number {
  const unknown = args.find((arg) => arg !== '--json');
  if (unknown !== undefined) return fail(`unknown option ${JSON.stringify(unknown)} for "tools list"; only --json is accepted`);

  const actions = listActions();
  if (args.includes('--json')) {
    output.stdout.write(`${JSON.stringify(actions, null, 2)}\n`);
  } else {
    output.stdout.write(actions.map(formatAction).join('\n'));
  }
  return EXIT_SUCCESS;
}

async function runTool(
  args: string[],
  env: Record<string, string | undefined>,
  output: CliOutput,
  fail: (message: string) => number,
): Promise<number> {
  let slug: string | undefined;
  let paramsText: string | undefined;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === '--params') {
      paramsText = args[index + 1];
      if (paramsText === undefined) return fail('--params needs a JSON object, e.g. --params \'{"workspace":"acme"}\'');
      index += 1;
    } else if (arg.startsWith('--params=')) {
      paramsText = arg.slice('--params='.length);
    } else if (arg.startsWith('-')) {
      return fail(`unknown option ${JSON.stringify(arg)} for "tools run"; only --params is accepted`);
    } else if (slug === undefined) {
      slug = arg;
    } else {
      return fail(`unexpected argument ${JSON.stringify(arg)}; pass parameters with --params '<json>'`);
    }
  }

  if (slug === undefined) return fail('missing action slug; run "bitbucket-slack tools list" to see them');
  const action = findAction(slug);
  if (!action) return fail(`unknown action ${JSON.stringify(slug)}; run "bitbucket-slack tools list" to see them`);

  let params: unknown = {};
  if (paramsText !== undefined) {
    try {
      params = JSON.parse(paramsText);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return fail(`--params is not valid JSON (${reason}); pass an object such as '{"workspace":"acme"}'`);
    }
  }

  const token = env['BITBUCKET_BEARER_TOKEN']?.trim();
  if (!token) return fail('BITBUCKET_BEARER_TOKEN is not set; set it to a Bitbucket access token');
  if (!isSendableBearerToken(token)) {
    return fail('BITBUCKET_BEARER_TOKEN contains a space, line break or other character that a bearer token cannot contain; set it to the token alone');
  }

  const baseUrl = env['BITBUCKET_API_URL']?.trim() || DEFAULT_BITBUCKET_API_URL;
  if (!isHttpUrl(baseUrl)) {
    return fail(
      `BITBUCKET_API_URL ${JSON.stringify(hideUrlCredentials(baseUrl))} is not an http:// or https:// URL without a query string or fragment`,
    );
  }

  const timeoutText = env['BITBUCKET_TIMEOUT_MS']?.trim();
  const timeoutMs = timeoutText ? Number(timeoutText) : DEFAULT_REQUEST_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < MIN_REQUEST_TIMEOUT_MS || timeoutMs > MAX_REQUEST_TIMEOUT_MS) {
    return fail(
      `BITBUCKET_TIMEOUT_MS ${JSON.stringify(timeoutText)} is invalid; set it to a whole number of milliseconds between ${MIN_REQUEST_TIMEOUT_MS} and ${MAX_REQUEST_TIMEOUT_MS}`,
    );
  }

  const level = env['LOG_LEVEL']?.trim() || 'warn';
  if (level !== 'debug' && level !== 'info' && level !== 'warn' && level !== 'error') {
    return fail(`LOG_LEVEL ${JSON.stringify(level)} is invalid; use debug, info, warn or error`);
  }

  const logger = createLogger({ level, format: 'json', destination: output.stderr });
  const client = new BitbucketClient({ baseUrl, timeoutMs, logger });
  const tokens = createStaticTokenSource(token, 'access token in BITBUCKET_BEARER_TOKEN');

  const result = await executeAction(action.slug, params, { client, tokens, logger });
  output.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return result.successful ? EXIT_SUCCESS : EXIT_ACTION_FAILED;
}

function formatAction(action: ActionDescription): string {
  const properties = (action.parameters['properties'] ?? {}) as Record<string, unknown>;
  const required = new Set((action.parameters['required'] ?? []) as string[]);
  const names = Object.keys(properties).map((name) => (required.has(name) ? `${name} (required)` : name));
  const parameters = names.length > 0 ? names.join(', ') : 'none';
  return `${action.slug}\n  ${action.description}\n  Parameters: ${parameters}\n`;
}

/** Replaces the user name and password of a URL such as `https://user:secret@host/` with "[redacted]". */
function hideUrlCredentials(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1[redacted]@');
}

/** Returns true for an http or https URL that can serve as a base: no query string, no fragment. */
function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
}
