import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", ".e2e-work-*/**", "**/*.mjs", ".stryker-tmp/**", "reports/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": ["error", { patterns: ["pulumi-ovh-sms/dist/*"] }],
    },
  },
  {
    // Engine provisioning runs before any build, on whatever Node the machine has: plain CommonJS.
    // Test programs run by the language host as users write them: plain CommonJS too.
    files: ["scripts/**/*.js", "test/e2e/programs/**/*.js", "bench/programs/**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: globals.node },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
