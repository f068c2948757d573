import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { SESSION_COOKIE } from '../../shared/contract/index';
import { CowshedError } from '../../shared/errors';

/** A fresh 256-bit secret, base64url (43 characters). One per launch for the token, one for the session. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** Compare two secrets in constant time (both are hashed first, so the length of a guess leaks nothing). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The flag that allows a non-loopback --host. */
export const REMOTE_ACCESS_FLAG = 'i-understand-remote-access-is-unsafe';

/** Where the server listens and which Host headers it answers to. */
export interface BindPolicy {
  /** Address passed to listen(). */
  address: string;
  loopback: boolean;
  /** Listening on every interface (0.0.0.0 or ::). */
  wildcard: boolean;
}

const isLoopback = (ip: string): boolean => (isIP(ip) === 4 ? ip.startsWith('127.') : ip === '::1' || ip === '0:0:0:0:0:0:0:1');

/**
 * Check --host. Loopback addresses only, unless the remote-access flag is given; always an IP literal
 * (a name could resolve anywhere). "localhost" means 127.0.0.1.
 */
export function bindPolicy(host: string, allowRemote: boolean): BindPolicy {
  const address = host.trim().toLowerCase() === 'localhost' ? '127.0.0.1' : host.trim().replace(/^\[(.*)\]$/, '$1');
  if (!isIP(address)) throw new CowshedError('USAGE', `--host must be an IP address such as 127.0.0.1 (got "${host}").`);
  if (isLoopback(address)) return { address, loopback: true, wildcard: false };
  if (!allowRemote)
    throw new CowshedError(
      'USAGE',
      `Refusing to listen on ${address}: serve mode is for this machine only (127.0.0.1). Anyone who can reach the port and ` +
        `learns the URL could destroy snapshots, and the traffic is not encrypted. Use an SSH tunnel instead ` +
        `(ssh -L PORT:127.0.0.1:PORT host). If you really mean it, add --${REMOTE_ACCESS_FLAG}.`,
    );
  return { address, loopback: false, wildcard: address === '0.0.0.0' || address === '::' };
}

/** The host part of a URL for an IP address (IPv6 in brackets). */
export const urlHost = (ip: string): string => (isIP(ip) === 6 ? `[${ip}]` : ip);

/** The host the printed URL uses: the bound address, or loopback for a wildcard bind. */
export function publicHost(policy: BindPolicy): string {
  if (!policy.wildcard) return urlHost(policy.address);
  return policy.address === '::' ? '[::1]' : '127.0.0.1';
}

/**
 * True when a request's Host header names this server: `127.0.0.1:PORT` or `localhost:PORT` (for a loopback bind),
 * the bound address, or, for a wildcard bind with the remote flag, any IP literal with our port.
 * Names other than localhost are refused: that is the DNS-rebinding defence.
 */
export function isAllowedHost(hostHeader: string | undefined, policy: BindPolicy, port: number): boolean {
  if (!hostHeader) return false;
  const h = hostHeader.toLowerCase();
  const suffix = `:${port}`;
  if (!h.endsWith(suffix)) return false;
  const name = h.slice(0, -suffix.length);
  if (name === 'localhost' && policy.loopback) return true;
  if (name === '127.0.0.1' && (policy.address === '127.0.0.1' || policy.wildcard)) return true;
  if (name === urlHost(policy.address)) return true;
  if (policy.wildcard) {
    const ip = name.replace(/^\[(.*)\]$/, '$1');
    return isIP(ip) !== 0 && name === urlHost(ip);
  }
  return false;
}

/** True when Origin is exactly this server's own origin, as addressed by the (already checked) Host header. */
export function isAllowedOrigin(origin: string | undefined, hostHeader: string): boolean {
  return origin !== undefined && origin.toLowerCase() === `http://${hostHeader.toLowerCase()}`;
}

/** The session cookie's name; the port keeps two servers on one machine from overwriting each other's cookie. */
export const sessionCookieName = (port: number): string => `${SESSION_COOKIE}_${port}`;

/** Set-Cookie for the session: HttpOnly (no script reads it), SameSite=Strict (no other site sends it), Path=/. */
export const sessionCookie = (port: number, value: string): string => `${sessionCookieName(port)}=${value}; HttpOnly; SameSite=Strict; Path=/`;

/** Read one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
