import { describe, expect, it, vi } from 'vitest';
import { menuTemplate } from './menu-template';

describe('menuTemplate', () => {
  it('has File, Edit, View and Help, and Help opens the docs', () => {
    const actions = { openDocs: vi.fn(), about: vi.fn() };
    const t = menuTemplate(actions, { isMac: false, isPackaged: true });
    expect(t.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    const help = t[3]!.submenu as { label?: string; click?: () => void }[];
    help.find((i) => i.label?.includes('Documentation'))!.click!();
    help.find((i) => i.label?.includes('About'))!.click!();
    expect(actions.openDocs).toHaveBeenCalledOnce();
    expect(actions.about).toHaveBeenCalledOnce();
  });
  it('offers developer tools only in development builds, and the app menu on macOS', () => {
    const roles = (packaged: boolean) => (menuTemplate({ openDocs: () => undefined, about: () => undefined }, { isMac: false, isPackaged: packaged })[2]!.submenu as { role?: string }[]).map((i) => i.role);
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(false)).toContain('toggleDevTools');
    expect(menuTemplate({ openDocs: () => undefined, about: () => undefined }, { isMac: true, isPackaged: true })[0]).toEqual({ role: 'appMenu' });
  });
});
