import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { appStore } from './app/app-store';
import { applyTheme } from './app/theme';
import './index.css';

// Theme before the first paint, so a dark desktop never flashes white.
applyTheme(appStore.get().theme);
createRoot(document.getElementById('root')!).render(<App />);
