import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // better-sqlite3 is a native module and some tests kill child processes: isolate in forks.
    pool: 'forks',
    // Most files wait on child processes (MCP servers, the CLI, Chromium) rather than compute, so two
    // forks keep two cores busy where vitest's default (cores − 1) would leave one idle.
    maxWorkers: 2,
    testTimeout: 30_000,
    // expect.poll waits for a condition, not for a deadline: its default of 1 s is a race on a busy
    // machine (a page still loading, a child still starting). A condition that never comes still fails.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 60_000,
    reporters: ['default', './tests/summary-reporter.ts'],
  },
});
