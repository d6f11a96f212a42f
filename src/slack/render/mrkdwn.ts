/**
 * Helpers that turn untrusted text into Slack mrkdwn. Slack treats `<...>` as control syntax for
 * links, mentions and dates, so every piece of user or Bitbucket text passes through
 * `escapeMrkdwn` before it reaches a `mrkdwn` text object. Lengths are counted in UTF-16 code
 * units (JavaScript string length), which is never less than the character count Slack checks.
 */

const ELLIPSIS = '…';

const ENTITY_PATTERN = /&(?:amp|lt|gt);/g;

/**
 * Escapes the three characters Slack reserves in mrkdwn: `&`, `<` and `>`. Only these three are
 * encoded, so quotes and all other characters pass through unchanged.
 */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * Formats a link as `<url|label>`. The label is escaped and loses `|`, which would end the URL
 * part early. Returns the escaped label alone (or the escaped URL) when `url` is not an absolute
 * http(s) URL, so a `javascript:` or malformed link never becomes clickable.
 */
export function formatLink(url: string | undefined, label?: string): string {
  const safeUrl = url === undefined ? undefined : sanitizeLinkUrl(url);
  const safeLabel = label === undefined ? undefined : escapeMrkdwn(label.replaceAll('|', ' ').trim());

  if (safeUrl === undefined) return safeLabel ?? escapeMrkdwn(url ?? '');
  if (safeLabel === undefined || safeLabel === '') return `<${safeUrl}>`;
  return `<${safeUrl}|${safeLabel}>`;
}

/**
 * Returns the URL ready to sit inside `<...|...>`, or undefined for anything but http(s).
 * `|`, `<` and `>` are percent-encoded because Slack ends the URL at them. `&` becomes `&amp;`,
 * as everywhere in mrkdwn.
 */
export function sanitizeLinkUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;

  return parsed.href
    .replaceAll('|', '%7C')
    .replaceAll('<', '%3C')
    .replaceAll('>', '%3E')
    .replaceAll('&', '&amp;');
}

/**
 * Formats a time with Slack's date syntax, so each reader sees it in their own time zone.
 * The fallback, shown by clients that cannot render the token, is the UTC time. Returns an escaped
 * "unknown date" text when `iso` does not parse.
 */
export function formatSlackDate(iso: string, format = '{date_short_pretty} {time}'): string {
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) return 'unknown date';

  const seconds = Math.floor(millis / 1000);
  const fallback = `${new Date(millis).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${seconds}^${format}|${fallback}>`;
}

/**
 * Shortens `text` to at most `maxLength` code units, ending with `suffix`. A cut never splits a
 * surrogate pair, so an emoji is kept whole or dropped whole.
 */
export function truncate(text: string, maxLength: number, suffix = ELLIPSIS): string {
  if (text.length <= maxLength) return text;
  if (maxLength <= suffix.length) return suffix.slice(0, Math.max(maxLength, 0));

  const cut = backOffSurrogate(text, maxLength - suffix.length);
  return text.slice(0, cut) + suffix;
}

/**
 * Like `truncate`, for text that is already mrkdwn: the cut also never splits an entity such as
 * `&amp;` or an unclosed `<...>` link, mention or date token.
 */
export function truncateMrkdwn(text: string, maxLength: number, suffix = ELLIPSIS): string {
  if (text.length <= maxLength) return text;
  if (maxLength <= suffix.length) return suffix.slice(0, Math.max(maxLength, 0));

  const cut = findMrkdwnCut(text, maxLength - suffix.length);
  return text.slice(0, cut) + suffix;
}

/**
 * Splits text into chunks of at most `maxLength` code units, breaking after a newline where it
 * can. A line longer than the limit is cut at a safe point (see `truncateMrkdwn`). Joining the
 * chunks gives back the input exactly.
 */
export function splitAtLineBreaks(text: string, maxLength: number): string[] {
  if (maxLength < 1) throw new RangeError(`maxLength must be at least 1, got ${maxLength}`);

  const chunks: string[] = [];
  let rest = text;
  while (rest.length > maxLength) {
    const lastBreak = rest.lastIndexOf('\n', maxLength - 1);
    const cut = lastBreak >= 0 ? lastBreak + 1 : findMrkdwnCut(rest, maxLength);
    chunks.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks;
}

/** Returns a cut index at or below `index` that does not fall between a surrogate pair. */
function backOffSurrogate(text: string, index: number): number {
  if (index <= 0 || index >= text.length) return Math.max(0, Math.min(index, text.length));
  const before = text.charCodeAt(index - 1);
  const isHighSurrogate = before >= 0xd800 && before <= 0xdbff;
  return isHighSurrogate ? index - 1 : index;
}

/**
 * Returns a cut index at or below `index` that splits no surrogate pair, no entity and no
 * `<...>` token. Falls back to the surrogate-safe index when backing off would leave nothing.
 */
function findMrkdwnCut(text: string, index: number): number {
  let cut = backOffSurrogate(text, index);

  for (const match of text.matchAll(ENTITY_PATTERN)) {
    const start = match.index;
    const end = start + match[0].length;
    if (start < cut && cut < end) cut = start;
    if (start >= cut) break;
  }

  const openToken = text.lastIndexOf('<', cut - 1);
  const closeToken = text.lastIndexOf('>', cut - 1);
  if (openToken > closeToken) cut = openToken;

  return cut > 0 ? cut : backOffSurrogate(text, index);
}

/**
 * Formats raw text as a mrkdwn block quote: escaped, cut to `maxLength` characters of the raw
 * text, and with `>` in front of every line.
 */
export function formatQuote(rawText: string, maxLength: number): string {
  const cut = truncate(rawText.trim(), maxLength);
  return cut
    .split('\n')
    .map((line) => `>${escapeMrkdwn(line)}`)
    .join('\n');
}
