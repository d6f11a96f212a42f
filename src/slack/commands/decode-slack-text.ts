/**
 * Matches one Slack control token (`<...>`) or one of the three entities Slack escapes. A single
 * pass over both decodes the text exactly once: `&amp;lt;` becomes `&lt;`, not `<`.
 */
const SLACK_MARKUP_PATTERN = /<([^<>]*)>|&(amp|lt|gt);/g;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

/**
 * Decodes the text Slack sends for a slash command into what the user typed.
 *
 * - `&amp;`, `&lt;`, `&gt;` become `&`, `<`, `>`.
 * - `<@U123|name>` becomes `@name`, and `<@U123>` becomes `@U123`.
 * - `<#C123|general>` becomes `#general`, and `<#C123>` becomes `#C123`.
 * - `<!here>`, `<!channel>`, `<!everyone>` become `@here`, `@channel`, `@everyone`;
 *   `<!subteam^S1|@team>` becomes `@team`, and `<!date^...|fallback>` becomes its fallback.
 * - `<https://x|label>` and `<https://x>` become the URL, so a URL that Slack turned into a link
 *   still parses as a URL.
 * - `<mailto:ada@acme.example|ada@acme.example>`, Slack's link for a typed e-mail address,
 *   becomes the address as typed.
 */
export function decodeSlackText(text: string): string {
  return text.replace(SLACK_MARKUP_PATTERN, (_match, token: string | undefined, entity: string | undefined) => {
    if (entity !== undefined) return ENTITIES[entity] ?? '';
    return decodeControlToken(token ?? '');
  });
}

function decodeControlToken(token: string): string {
  const separator = token.indexOf('|');
  const target = separator >= 0 ? token.slice(0, separator) : token;
  const label = separator >= 0 ? decodeEntities(token.slice(separator + 1)) : undefined;

  if (target.startsWith('@')) return `@${label ?? target.slice(1)}`;
  if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
  if (target.startsWith('!')) return decodeSpecialMention(target.slice(1), label);
  if (target.startsWith('mailto:')) return label ?? decodeEntities(target.slice('mailto:'.length));
  return decodeEntities(target);
}

function decodeSpecialMention(name: string, label: string | undefined): string {
  if (name === 'here' || name === 'channel' || name === 'everyone') return `@${name}`;
  if (name.startsWith('subteam^')) return label ?? `@${name.slice('subteam^'.length)}`;
  if (name.startsWith('date^')) return label ?? '';
  return label ?? `@${name}`;
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_match, entity: string) => ENTITIES[entity] ?? '');
}
