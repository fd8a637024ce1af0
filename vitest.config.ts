import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * Five projects, cheapest first: `unit` (pure logic of the relay, the shared code and the
 * benchmarks' figures, no I/O), `extension` (the extension's logic with WXT's fake browser APIs),
 * `integration` (the real relay on a real redis-server), `security` (attacks and bad luck
 * reproduced against the real relay and Redis), `e2e` (the built extension in real Chromium
 * against a fake youtube.com).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'shared/**/*.test.ts',
            'server/**/*.test.ts',
            'bench/**/*.test.ts',
            'test/conventions/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        // WxtVitest resolves `wxt/browser` to WXT's in-memory fake browser, as in WXT's own tests.
        plugins: [WxtVitest()],
        test: {
          name: 'extension',
          include: ['extension/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/redis-global-setup.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'security',
          include: ['test/security/**/*.test.ts'],
          globalSetup: ['test/support/redis-global-setup.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: [
            'test/support/redis-global-setup.ts',
            'test/support/extension-global-setup.ts',
          ],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
