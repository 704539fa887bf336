import { defineConfig } from 'vite';

// The page is served by the platform's web service under a strict content security policy
// (script-src 'self'; style-src 'self'): everything must be in files, nothing inline.
export default defineConfig({
  root: 'src',
  base: '/',
  build: {
    outDir: '../target/classes/web',
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1200,
    sourcemap: false,
  },
});
