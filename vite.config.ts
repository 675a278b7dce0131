import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';
import { compression } from 'vite-plugin-compression2';

export default defineConfig({
  root: 'web',
  // .gz and .br beside each text file, served by sirv to browsers that accept them
  plugins: [solid(), compression({ algorithms: ['gzip', 'brotliCompress'], threshold: 1024 })],
  build: { outDir: '../dist', emptyOutDir: true },
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // the browser tests serve dist/: built once, before any test file
    globalSetup: ['test/support/build-web.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
