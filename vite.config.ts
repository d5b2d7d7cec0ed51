import { defineConfig } from 'vite';

/**
 * The web client: sources in client/, built into client/dist (which the server serves).
 * In development the dev server proxies the API and the socket to a Shoal server on :3000.
 * TypeScript is transformed with the root tsconfig.json (experimentalDecorators,
 * useDefineForClassFields: false), which Lit's decorators need.
 */
export default defineConfig({
  root: 'client',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: 'http://localhost:3000' },
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
});
