// Builds the front end (index.html + src/web) into dist/web, which `fmnist serve` serves.
// `vite` (dev) proxies the API to a running `fmnist serve` on port 8080.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  logLevel: 'warn',
});
