import { isAppUrl } from './app-protocol';

/**
 * The one page Cowshed opens outside itself ("Help → Documentation", or a link to exactly this URL).
 * main.ts passes openExternal a string literal equal to this (checked by a test): nothing the renderer sends reaches it.
 */
export const DOCS_URL = 'https://github.com/cowshed/cowshed#readme';

/** True when a window.open / target=_blank request asks for the documentation (the only external page). */
export const isDocsUrl = (url: string): boolean => url === DOCS_URL;

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
