import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, contentTypeFor, resolveStaticFile, SECURITY_HEADERS, staticFileHeaders } from './web-policy';

describe('CSP', () => {
  it('is the strict policy, with no unsafe script sources', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
    const script = CONTENT_SECURITY_POLICY.split('; ').find((d) => d.startsWith('script-src'))!;
    expect(script).not.toMatch(/unsafe|data:|blob:|\*/);
  });
  it('comes with the other security headers, and HTML is never cached', () => {
    expect(SECURITY_HEADERS).toMatchObject({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' });
    expect(Object.keys(SECURITY_HEADERS).some((h) => h.toLowerCase().startsWith('access-control-'))).toBe(false);
    expect(staticFileHeaders('/r/index.html')['Cache-Control']).toBe('no-store');
    expect(staticFileHeaders('/r/assets/a.js')['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/r/x.unknown')).toBe('application/octet-stream');
  });
});

describe('resolveStaticFile', () => {
  let base: string;
  let root: string;
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'cowshed-static-'));
    root = join(base, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html>');
    writeFileSync(join(root, 'assets', 'app.js'), 'x');
    writeFileSync(join(root, 'assets', 'a b.css'), 'x');
    writeFileSync(join(base, 'secret.txt'), 'secret');
    mkdirSync(join(base, 'renderer-evil'));
    writeFileSync(join(base, 'renderer-evil', 'x.js'), 'evil');
    symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link-out.txt'));
    symlinkSync(base, join(root, 'assets', 'dir-out'));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('serves the index and files inside the root', async () => {
    expect(await resolveStaticFile(root, '/')).toBe(join(root, 'index.html'));
    expect(await resolveStaticFile(root, '/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
    expect(await resolveStaticFile(root, '/assets/a%20b.css')).toBe(join(root, 'assets', 'a b.css'));
  });
  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets\\..\\..\\secret.txt',
    '/./index.html',
    '/../renderer-evil/x.js',
    '/%00index.html',
    '/index.html%00.js',
    '/%E0%A4%A',
    'index.html',
    '/assets/link-out.txt',
    '/assets/dir-out/secret.txt',
    '/assets',
    '/assets/',
    '/missing.js',
  ])('refuses %s', async (p) => {
    expect(await resolveStaticFile(root, p)).toBeNull();
  });
});
