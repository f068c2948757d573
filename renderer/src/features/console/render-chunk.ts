import type { ConsoleChunk } from './console-buffer';

const BOLD_CYAN = '\x1b[1;36m';
const YELLOW = '\x1b[33m';
const RESET = '\x1b[0m';

/** Quote one argv word the way a shell user would read it back (display only: nothing ever runs it). */
export function quoteWord(a: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/**
 * Tool output with terminal control sequences made harmless: only newline, carriage return (progress lines)
 * and tab pass; ESC and other C0 / C1 controls become visible "�" so output (a file name, a dataset property)
 * can never drive the terminal (OSC clipboard writes, hyperlinks, title changes).
 */
export function sanitize(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '\ufffd');
}

/** The terminal bytes for one chunk: the command line in bold on its own line, stderr in yellow. */
export function renderChunk(c: ConsoleChunk): string {
  if (c.stream === 'info' && c.argv) return `${BOLD_CYAN}$ ${sanitize(c.argv.map(quoteWord).join(' '))}${RESET}\r\n`;
  const text = sanitize(c.text).replace(/\r?\n/g, '\r\n');
  return c.stream === 'stderr' ? `${YELLOW}${text}${RESET}` : text;
}
