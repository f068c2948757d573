import { describe, expect, it } from 'vitest';
import { bindPolicy, isAllowedHost, isAllowedOrigin, newSecret, publicHost, readCookie, secretsEqual, sessionCookie } from './security';

describe('secrets', () => {
  it('are 256-bit, base64url, and fresh each time', () => {
    const a = newSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(new Set(Array.from({ length: 100 }, newSecret)).size).toBe(100);
  });
  it('compare exactly', () => {
    const s = newSecret();
    expect(secretsEqual(s, s)).toBe(true);
    for (const g of ['', s.slice(1), s + 'x', s.toUpperCase() === s ? s.toLowerCase() : s.toUpperCase(), `${s.slice(0, -1)}${s.endsWith('A') ? 'B' : 'A'}`])
      expect(secretsEqual(g, s)).toBe(false);
  });
});

describe('--host', () => {
  it('accepts loopback addresses', () => {
    expect(bindPolicy('127.0.0.1', false)).toEqual({ address: '127.0.0.1', loopback: true, wildcard: false });
    expect(bindPolicy('localhost', false).address).toBe('127.0.0.1');
    expect(bindPolicy('::1', false).loopback).toBe(true);
    expect(bindPolicy('[::1]', false).address).toBe('::1');
  });
  it.each(['0.0.0.0', '::', '192.168.1.5', '10.0.0.1', '2001:db8::1'])('refuses %s without the flag, naming the flag', (h) => {
    expect(() => bindPolicy(h, false)).toThrow(/i-understand-remote-access-is-unsafe/);
    try {
      bindPolicy(h, false);
    } catch (e) {
      expect((e as { code: string }).code).toBe('USAGE');
    }
  });
  it('accepts a remote address only with the flag, and never a name', () => {
    expect(bindPolicy('0.0.0.0', true)).toEqual({ address: '0.0.0.0', loopback: false, wildcard: true });
    expect(bindPolicy('192.168.1.5', true)).toEqual({ address: '192.168.1.5', loopback: false, wildcard: false });
    for (const h of ['example.com', 'my-nas', '', '127.0.0.1.nip.io']) expect(() => bindPolicy(h, true)).toThrow(/IP address/);
  });
  it('prints a loopback URL for a wildcard bind', () => {
    expect(publicHost(bindPolicy('0.0.0.0', true))).toBe('127.0.0.1');
    expect(publicHost(bindPolicy('::1', false))).toBe('[::1]');
  });
});

describe('Host header (DNS rebinding)', () => {
  const lo = bindPolicy('127.0.0.1', false);
  it('allows only 127.0.0.1:PORT and localhost:PORT on a loopback bind', () => {
    expect(isAllowedHost('127.0.0.1:8080', lo, 8080)).toBe(true);
    expect(isAllowedHost('localhost:8080', lo, 8080)).toBe(true);
    expect(isAllowedHost('LOCALHOST:8080', lo, 8080)).toBe(true);
    for (const h of [undefined, '', '127.0.0.1', 'localhost', '127.0.0.1:8081', 'evil.example:8080', 'rebind.evil.example:8080', '127.0.0.2:8080',
      '[::1]:8080', 'localhost.:8080', '127.0.0.1:8080.evil', 'x127.0.0.1:8080', '192.168.1.5:8080'])
      expect(isAllowedHost(h, lo, 8080), String(h)).toBe(false);
  });
  it('allows IP literals, never names, on a wildcard remote bind', () => {
    const any = bindPolicy('0.0.0.0', true);
    expect(isAllowedHost('192.168.1.5:8080', any, 8080)).toBe(true);
    expect(isAllowedHost('[2001:db8::1]:8080', any, 8080)).toBe(true);
    expect(isAllowedHost('nas.local:8080', any, 8080)).toBe(false);
    expect(isAllowedHost('localhost:8080', any, 8080)).toBe(false);
  });
});

describe('Origin', () => {
  it('must be exactly the origin the Host header names', () => {
    expect(isAllowedOrigin('http://127.0.0.1:8080', '127.0.0.1:8080')).toBe(true);
    for (const o of [undefined, 'null', '', 'http://localhost:8080', 'https://127.0.0.1:8080', 'http://127.0.0.1:8081', 'http://evil.example', 'http://127.0.0.1:8080/'])
      expect(isAllowedOrigin(o, '127.0.0.1:8080'), String(o)).toBe(false);
  });
});

describe('cookies', () => {
  it('are HttpOnly, SameSite=Strict, Path=/ and named by port', () => {
    expect(sessionCookie(8080, 'abc')).toBe('cowshed_session_8080=abc; HttpOnly; SameSite=Strict; Path=/');
  });
  it('are read by exact name', () => {
    expect(readCookie('a=1; cowshed_session_8080=xyz; b=2', 'cowshed_session_8080')).toBe('xyz');
    expect(readCookie('xcowshed_session_8080=bad', 'cowshed_session_8080')).toBeUndefined();
    expect(readCookie(undefined, 'x')).toBeUndefined();
  });
});
