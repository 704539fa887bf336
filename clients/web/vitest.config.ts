import { defineConfig } from 'vitest/config';

// Unit tests of the client's modules (`npm test`, run by build.sh before the build). They run
// in happy-dom: the modules use the browser's location, history, sessionStorage and timers;
// fetch and WebSocket are replaced by each test with fakes it controls.
export default defineConfig({
  // Binary fixtures (the OTA1 arrays a Java test writes) import as data URLs: `x.ota?inline`.
  assetsInclude: ['**/*.ota'],
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'happy-dom',
    restoreMocks: true,
    unstubGlobals: true,
  },
});
