import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { fileURLToPath } from 'node:url';

// The renderer bundle: served by app:// in Electron and by serve mode over HTTP. Relative base so both work.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react(), tailwindcss()],
  // The lineage view (React Flow + ELK, ~1.6 MB) and the xterm console load on demand, so the warning limit is raised.
  build: { outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)), emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2000 },
});
