import { describe, expect, it } from 'vitest';

import { decodeText } from '../../src/actions/file-content.js';

describe('decodeText', () => {
  it('decodes UTF-8 text', () => {
    expect(decodeText(Buffer.from('Grüße\n'))).toBe('Grüße\n');
  });

  it('drops a leading byte order mark', () => {
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toBe('a');
  });

  it('treats a NUL byte as binary', () => {
    expect(decodeText(Buffer.from([0x61, 0x00, 0x62]))).toBeUndefined();
  });

  it('treats invalid UTF-8 as binary', () => {
    expect(decodeText(Buffer.from([0x61, 0xff, 0xfe, 0x62]))).toBeUndefined();
  });
});
