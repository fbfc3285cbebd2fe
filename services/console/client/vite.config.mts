import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The console's client. `vite build` writes it to services/console/dist-client, which the
// console serves; `vite` (dev) routes /api and /console to a running console on :8090.
export default defineConfig({
  root: here('.'),
  plugins: [react()],
  resolve: {
    alias: {
      // The error codes and their wording in both languages, from the one table the services use.
      '@thads/contracts/api-errors': here('../../../packages/contracts/src/api-errors.ts'),
    },
  },
  build: {
    outDir: here('../dist-client'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    sourcemap: true,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8090', '/console': 'http://127.0.0.1:8090' },
  },
});
