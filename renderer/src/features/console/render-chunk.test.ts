import { describe, expect, it } from 'vitest';
import { quoteWord, renderChunk, sanitize } from './render-chunk';

describe('console rendering', () => {
  it('shows the exact command line, quoted where a word needs it, in bold on its own line', () => {
    const out = renderChunk({ jobId: 'j', stream: 'info', text: '', argv: ['/usr/bin/btrfs', 'send', '/mnt/my snap'] });
    expect(out).toBe("\x1b[1;36m$ /usr/bin/btrfs send '/mnt/my snap'\x1b[0m\r\n");
    expect(quoteWord("it's")).toBe(`'it'\\''s'`);
  });

  it('never lets tool output drive the terminal', () => {
    const evil = 'name\x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b31m';
    // eslint-disable-next-line no-control-regex
    expect(sanitize(evil)).not.toMatch(/[\x1b\x07\x9b]/);
    expect(renderChunk({ jobId: 'j', stream: 'stdout', text: 'a\nb\rc\td' })).toBe('a\r\nb\rc\td');
    expect(renderChunk({ jobId: 'j', stream: 'stderr', text: 'warn\n' })).toBe('\x1b[33mwarn\r\n\x1b[0m');
  });
});
