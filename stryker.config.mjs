// Mutation testing (TESTING.md): `npm run mutation`, or on a subset:
// `npm run mutation -- --mutate "provider/smsUser.ts"`. Not part of `npm test`.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "vitest",
  // The fast tier only (the e2e tier runs the real Pulumi engine: minutes per mutant). Forks, as in
  // `npm test`: the emulator's CA reaches the workers through NODE_EXTRA_CA_CERTS, read at process start.
  vitest: { configFile: "vitest.mutation.config.mts", related: true, pool: "forks" },
  // Each mutant runs only the tests that executed its code in the first (dry) run.
  coverageAnalysis: "perTest",
  // Mutants that do not compile are discarded before any test runs (tsconfig.json: sources and tests).
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.json",
  mutate: [
    "sdk/**/*.ts",
    "provider/**/*.ts",
    "emulator/state/**/*.ts",
    "emulator/auth.ts",
    "!**/*.d.ts",
    "!**/index.ts",
  ],
  // Module-level code (zod schemas, constant tables) runs while files load, before any test: a
  // mutant there would need the whole fast tier (~45 s) each. They are reported as "Ignored".
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 10_000,
  timeoutFactor: 2,
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  ignorePatterns: ["dist", "docs", "coverage", ".e2e-work-*", ".pulumi-state", ".emulator", "tmp", ".ci"],
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  thresholds: { high: 85, low: 70, break: null },
};
