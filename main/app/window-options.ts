import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/**
 * The renderer's web preferences: Electron's security checklist in one object.
 * Exported so tests can check each item, and the built bundle is checked to use it.
 */
export const WEB_PREFERENCES = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  enableBlinkFeatures: '',
  /** Middle-click on a link would otherwise try to open a window. */
  disableBlinkFeatures: 'Auxclick',
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  safeDialogs: true,
  disableDialogs: false,
  devTools: true,
} as const satisfies WebPreferences;

/** The main window's options; `preload` is the absolute path of dist/preload/preload.cjs. */
export function windowOptions(preload: string, opts: { backgroundColor?: string; devTools?: boolean } = {}): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    title: 'Cowshed',
    show: false,
    backgroundColor: opts.backgroundColor ?? '#1e1f22',
    autoHideMenuBar: false,
    webPreferences: { ...WEB_PREFERENCES, devTools: opts.devTools ?? WEB_PREFERENCES.devTools, preload },
  };
}
