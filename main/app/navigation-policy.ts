import { isAppUrl } from './app-protocol';

/** Where "Help → Documentation" points. The only external URLs the app ever opens start with one of these. */
export const DOCS_URL = 'https://github.com/cowshed/cowshed#readme';
export const EXTERNAL_URL_ALLOWLIST: readonly string[] = ['https://github.com/cowshed/cowshed'];

/** True when shell.openExternal may open `url`: https, no credentials, under an allowlisted prefix. */
export function isAllowedExternalUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username || u.password || u.port) return false;
  const normal = u.href;
  return EXTERNAL_URL_ALLOWLIST.some((prefix) => normal === prefix || normal.startsWith(prefix + '/') || normal.startsWith(prefix + '#') || normal.startsWith(prefix + '?'));
}

/**
 * Permission policy for the session: everything is denied, except writing plain text to the clipboard
 * from our own page (the "Copy path" action). No camera, microphone, notifications, geolocation, HID, USB, …
 */
export function isPermissionAllowed(permission: string, requestingUrl: string | undefined): boolean {
  return permission === 'clipboard-sanitized-write' && requestingUrl !== undefined && isAppUrl(requestingUrl);
}

/** Navigations are never allowed: the renderer is a single page; links to the outside go through openExternal. */
export function isNavigationAllowed(_url: string): boolean {
  return false;
}
