import { useEffect } from 'react';
import { useStore } from '../lib/store';
import { appStore, type ThemePref } from './app-store';

const media = () => window.matchMedia('(prefers-color-scheme: dark)');

/** Put the `dark` class on <html> for the chosen theme ("system" follows the OS, live). */
export function applyTheme(pref: ThemePref): void {
  const dark = pref === 'dark' || (pref === 'system' && media().matches);
  document.documentElement.classList.toggle('dark', dark);
}

export function useTheme(): void {
  const pref = useStore(appStore, (s) => s.theme);
  useEffect(() => {
    applyTheme(pref);
    if (pref !== 'system') return;
    const m = media();
    const on = () => applyTheme('system');
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, [pref]);
}
