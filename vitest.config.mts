import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/vscode/**', 'node_modules/**'],
    testTimeout: 60_000,
    // Two cores on CI machines: keep workers few so timing-free tests stay fast.
    maxWorkers: 2,
  },
});
