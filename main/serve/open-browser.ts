import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Write the private page the browser is opened with: it redirects to the URL (a link too, for browsers that
 * ignore the refresh). 0600 in a fresh 0700 folder, so other users cannot read the token.
 */
export function writeOpenerFile(url: string): { file: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cowshed-open-'));
  const file = join(dir, 'open-cowshed.html');
  const href = escapeHtml(url);
  writeFileSync(
    file,
    `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}"><title>Cowshed</title><a href="${href}">Open Cowshed</a>\n`,
    { mode: 0o600 },
  );
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Open the URL in the user's browser, if there is a desktop. The token never goes on a command line
 * (other users can read those): the opener gets the private file from writeOpenerFile.
 * Returns a function that removes the file.
 */
export function openInBrowser(url: string): () => void {
  const opener = process.platform === 'darwin' ? '/usr/bin/open' : process.platform === 'linux' ? 'xdg-open' : null;
  if (!opener || (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)) return () => undefined;
  const { file, remove } = writeOpenerFile(url);
  try {
    const child = spawn(opener, [file], { stdio: 'ignore', detached: true, shell: false });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    /* no browser: the printed URL is enough */
  }
  return remove;
}
