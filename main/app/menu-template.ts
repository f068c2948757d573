import type { MenuItemConstructorOptions } from 'electron';

/** What the menu's own items do (injected so the template is built and tested without Electron). */
export interface MenuActions {
  openDocs(): void;
  about(): void;
}

/** The native menu: File, Edit, View, Help (plus the app menu on macOS). */
export function menuTemplate(actions: MenuActions, opts: { isMac: boolean; isPackaged: boolean }): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    ...(opts.isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    ...(opts.isMac ? [{ role: 'appMenu' } as const] : []),
    { label: '&File', submenu: [opts.isMac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: '&Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { type: 'separator' }, { role: 'selectAll' }],
    },
    { label: '&View', submenu: view },
    {
      label: '&Help',
      role: 'help',
      submenu: [
        { label: 'Cowshed &Documentation', click: () => actions.openDocs() },
        { type: 'separator' },
        { label: '&About Cowshed', click: () => actions.about() },
      ],
    },
  ];
}
