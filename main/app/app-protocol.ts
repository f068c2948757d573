/** The custom scheme the window loads the renderer from (never file://). */
export const APP_SCHEME = 'app';
/** The one host of that scheme: the renderer's origin is app://cowshed. */
export const APP_HOST = 'cowshed';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The URL the window opens. */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** Privileges for protocol.registerSchemesAsPrivileged: a standard, secure origin (no CORS, no bypassing CSP). */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: false,
  bypassCSP: false,
  allowServiceWorkers: false,
  stream: false,
} as const;

/** True when `url` is on the renderer's own origin (app://cowshed, no credentials, no port). */
export function isAppUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/**
 * The pathname an app:// request asks for, or null when the request is not for our origin
 * or not a read. The protocol handler maps it to a file with resolveStaticFile.
 */
export function appRequestPath(url: string, method: string): string | null {
  if (method !== 'GET' && method !== 'HEAD') return null;
  if (!isAppUrl(url)) return null;
  return new URL(url).pathname || '/';
}
