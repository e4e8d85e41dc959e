// The renderer build: renderer/ → dist-renderer/. Relative base so the same files load from
// file:// in Electron and from the browser host (`tezgah serve`). Everything is bundled: no CDN,
// no remote fonts (index.html's CSP refuses remote content). three.js gets its own chunk so the
// app shell stays small and the viewer's code is cached separately.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./dist-renderer', import.meta.url));

export default defineConfig({
  root,
  base: './',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'three', test: /node_modules[\\/]three[\\/]/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|zustand|i18next|react-i18next)[\\/]/ },
          ],
        },
      },
    },
  },
  server: { port: 5273, strictPort: false },
});
