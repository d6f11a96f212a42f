import { describe, expect, it } from 'vitest';

import {
  escapeMrkdwn,
  formatLink,
  formatSlackDate,
  sanitizeLinkUrl,
  splitAtLineBreaks,
  truncate,
  truncateMrkdwn,
} from '../../../src/slack/render/mrkdwn.js';

describe('escapeMrkdwn', () => {
  it('escapes exactly & < >', () => {
    expect(escapeMrkdwn(`<!channel> & <@U1> "quotes" 'single' *bold*`)).toBe(
      `&lt;!channel&gt; &amp; &lt;@U1&gt; "quotes" 'single' *bold*`,
    );
  });

  it('escapes existing entities again', () => {
    expect(escapeMrkdwn('&lt;@U1&gt;')).toBe('&amp;lt;@U1&amp;gt;');
  });
});

describe('formatLink', () => {
  it('escapes the label and drops pipes', () => {
    expect(formatLink('https://bitbucket.org/acme/api', 'a|b <c> & d')).toBe(
      '<https://bitbucket.org/acme/api|a b &lt;c&gt; &amp; d>',
    );
  });

  it('keeps the label from closing the link', () => {
    const link = formatLink('https://x.example/', '>@channel');
    const label = link.slice(link.indexOf('|') + 1, -1);

    expect(label).not.toContain('>');
    expect(label).not.toContain('|');
  });

  it('encodes characters that end a Slack link', () => {
    expect(formatLink('https://x.example/a|b?q=<1>&r=2#x>y', 'l')).toBe(
      '<https://x.example/a%7Cb?q=%3C1%3E&amp;r=2#x%3Ey|l>',
    );
  });

  it('refuses links that are not http(s)', () => {
    expect(formatLink('javascript:alert(1)', 'click <me>')).toBe('click &lt;me&gt;');
    expect(formatLink('not a url', undefined)).toBe('not a url');
    expect(sanitizeLinkUrl('ftp://x.example/')).toBeUndefined();
  });

  it('omits an empty label', () => {
    expect(formatLink('https://x.example/', '|')).toBe('<https://x.example/>');
  });
});

describe('formatSlackDate', () => {
  it('formats a Slack date token with a UTC fallback', () => {
    expect(formatSlackDate('2026-03-01T14:05:09.123456+00:00')).toBe(
      '<!date^1772373909^{date_short_pretty} {time}|2026-03-01 14:05 UTC>',
    );
  });

  it('names an unparseable date', () => {
    expect(formatSlackDate('yesterday')).toBe('unknown date');
  });
});

describe('truncate', () => {
  it('keeps short text', () => {
    expect(truncate('abc', 3)).toBe('abc');
  });

  it('cuts with an ellipsis within the limit', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
  });

  it('never splits a surrogate pair', () => {
    const text = 'ab😀cd';
    const result = truncate(text, 4);

    expect(result).toBe('ab…');
    expect(result.length).toBeLessThanOrEqual(4);
  });

  it('keeps a whole emoji that fits', () => {
    expect(truncate('ab😀cd', 5)).toBe('ab😀…');
  });
});

describe('truncateMrkdwn', () => {
  it('never splits an entity', () => {
    expect(truncateMrkdwn('a &amp; b', 5)).toBe('a …');
  });

  it('never splits a link', () => {
    expect(truncateMrkdwn('see <https://x.example/long|label> now', 20)).toBe('see …');
  });

  it('cuts after a closed link', () => {
    expect(truncateMrkdwn('<https://x.example/|x> and more text', 26)).toBe('<https://x.example/|x> an…');
  });
});

describe('splitAtLineBreaks', () => {
  it('packs whole lines into chunks', () => {
    const chunks = splitAtLineBreaks('aaa\nbbb\nccc\n', 8);

    expect(chunks).toEqual(['aaa\nbbb\n', 'ccc\n']);
  });

  it('cuts a line longer than the limit', () => {
    const chunks = splitAtLineBreaks('abcdefghij', 4);

    expect(chunks).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('cuts long lines outside entities and emoji', () => {
    const text = `${'x'.repeat(3)}&amp;${'y'.repeat(3)}😀😀`;
    const chunks = splitAtLineBreaks(text, 5);

    expect(chunks.join('')).toBe(text);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(5);
      expect(chunk).not.toMatch(/&(?!amp;)|[\uD800-\uDBFF]$/);
    }
  });

  it('returns one empty chunk for empty text', () => {
    expect(splitAtLineBreaks('', 10)).toEqual(['']);
  });
});
