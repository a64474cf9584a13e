import { defineConfig } from "vitest/config";
import { fastTier } from "./vitest.config.mts";

// What StrykerJS runs for each mutant (stryker.config.mjs): the fast tier only, as a single project (the
// Stryker vitest runner has no option to pick one project of a multi-project config). The e2e tier drives
// the real Pulumi engine: far too slow to run per mutant, so provider/ mutants are judged by the fast tier.
export default defineConfig({
  test: {
    pool: "forks",
    globalSetup: ["test/global-setup.ts"],
    ...fastTier,
  },
});
