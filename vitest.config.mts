import { defineConfig } from "vitest/config";

// Two tiers: everything that runs against an in-process emulator runs in parallel; the e2e tier
// drives the real Pulumi engine and runs one file at a time (each file starts its own emulator).
// The fast tier is also what mutation testing runs (vitest.mutation.config.mts, TESTING.md).
export const fastTier = {
  include: ["test/**/*.test.ts"],
  exclude: ["test/e2e/**", "**/node_modules/**", ".stryker-tmp/**", "reports/**"],
  testTimeout: 30_000,
};

export default defineConfig({
  test: {
    pool: "forks",
    globalSetup: ["test/global-setup.ts"],
    projects: [
      {
        extends: true,
        test: { name: "fast", ...fastTier },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          globalSetup: ["test/e2e/global-setup.ts"],
          include: ["test/e2e/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
