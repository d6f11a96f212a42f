import { describe, expect, it } from 'vitest';

import { parseMultipart } from '../../src/bitbucket/multipart.js';

describe('parseMultipart', () => {
  it('reads a multipart/related snippet with a base64 file', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1]);
    const body = Buffer.from(
      [
        '--==b==',
        'Content-Type: application/json; charset="utf-8"',
        'Content-ID: snippet',
        '',
        '{"id":"kypj","title":"My snippet"}',
        '--==b==',
        'Content-Type: text/plain; charset="us-ascii"',
        'Content-ID: "foo.txt"',
        'Content-Disposition: attachment; filename="foo.txt"',
        '',
        'foo',
        '--==b==',
        'Content-Type: image/png',
        'Content-Transfer-Encoding: base64',
        'Content-ID: "image.png"',
        'Content-Disposition: attachment; filename="image.png"',
        '',
        png.toString('base64'),
        '--==b==--',
        '',
      ].join('\r\n'),
    );

    const parts = parseMultipart(body, 'multipart/related; start="snippet"; boundary="==b=="');

    expect(parts).toHaveLength(3);
    expect(parts[0]?.contentId).toBe('snippet');
    expect(JSON.parse(parts[0]!.body.toString())).toEqual({ id: 'kypj', title: 'My snippet' });
    expect(parts[1]?.fileName).toBe('foo.txt');
    expect(parts[1]?.body.toString()).toBe('foo');
    expect(parts[2]?.fileName).toBe('image.png');
    expect(parts[2]?.body.equals(png)).toBe(true);
  });

  it('reads form-data fields and files with bare LF line ends', () => {
    const body = Buffer.from(
      ['--xyz', 'Content-Disposition: form-data; name="title"', '', 'My snippet', '--xyz', 'Content-Disposition: attachment; name="file"; filename="a.txt"', '', 'line 1\nline 2', '--xyz--', ''].join('\n'),
    );

    const parts = parseMultipart(body, 'multipart/form-data; boundary=xyz');

    expect(parts.map((part) => [part.fieldName, part.fileName, part.body.toString()])).toEqual([
      ['title', undefined, 'My snippet'],
      ['file', 'a.txt', 'line 1\nline 2'],
    ]);
  });

  it('prefers the UTF-8 filename* over filename', () => {
    const body = Buffer.from(
      [
        '--xyz',
        `Content-Disposition: attachment; filename="_ n.md"; filename*=UTF-8''%C3%BC%20n.md`,
        '',
        'umlaut',
        '--xyz',
        `Content-Disposition: attachment; filename="plain.txt"; filename*=UTF-8''%E0%A4`,
        '',
        'broken extended name',
        '--xyz--',
        '',
      ].join('\r\n'),
    );

    const parts = parseMultipart(body, 'multipart/related; boundary=xyz');

    expect(parts[0]?.fileName).toBe('ü n.md');
    expect(parts[1]?.fileName).toBe('plain.txt');
  });

  it('rejects a content type without a boundary', () => {
    expect(() => parseMultipart(Buffer.from(''), 'application/json')).toThrow(SyntaxError);
  });
});
