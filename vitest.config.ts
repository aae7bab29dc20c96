import { defineConfig } from 'vitest/config';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// One project per runtime: the Worker in workerd against a migrated D1, pure and extension
// units in happy-dom with WXT's fake browser, and browser end-to-end runs in Node.
export default defineConfig({
  test: {
    reporters: [
      'default',
      './test/support/second-try-reporter.ts',
      ...(process.env.CI ? [['json', { outputFile: 'test-results/vitest.json' }] as ['json', { outputFile: string }]] : []),
    ],
    projects: [
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: { TEST_MIGRATIONS: await readD1Migrations('./worker/migrations') },
            },
          })),
        ],
        test: {
          name: 'worker',
          include: ['test/worker/**/*.test.ts'],
          setupFiles: ['test/worker/apply-migrations.ts'],
        },
      },
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          environment: 'happy-dom',
          setupFiles: ['extension/ui/i18n-test-setup.ts'],
          include: ['shared/**/*.test.ts', 'extension/**/*.test.{ts,tsx}'],
        },
      },
      {
        test: {
          name: 'tooling',
          environment: 'node',
          include: ['test/tooling/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.spec.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
          // Each file drives a whole browser; two at once is what two cores carry.
          maxWorkers: 2,
          // A real browser on a busy two-core machine now and then misses a beat (a key press, a
          // focus) that no wait can name. One more try, and never silently: a test that passed
          // only on its second try is listed with its first failure at the end of `npm test` and
          // so a flaky test stays visible (test/support/second-try-reporter.ts).
          retry: 1,
        },
      },
    ],
  },
});
