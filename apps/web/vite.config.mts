import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.RECWAY_API ?? 'http://localhost:3000';

/**
 * The map page: `npm run build` writes hashed files to dist/web, which the API serves at `/`.
 * `npx vite apps/web` serves it with hot reload, the API calls proxied to a running RecWay.
 */
export default defineConfig({
  root,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // MapLibre starts its worker as an ES module.
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    // MapLibre alone is ~1 MB minified (~280 KB gzipped); it is what the page is for.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      '/api': api,
      '/ws': { target: api.replace(/^http/, 'ws'), ws: true },
    },
  },
});
