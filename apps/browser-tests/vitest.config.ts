import { defineConfig } from "vitest/config";

// The browser tests: Debian's Chromium driven by playwright-core against a running platform
// (SUNDAE_E2E_STATE: the folder of its e2e.properties; AppsE2E of the e2e module runs them against
// the platform hack/run-local.sh starts). One file at a time: they share the platform.
export default defineConfig({
  test: {
    include: ["browser-tests/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 120_000,
    reporters: ["default", "junit"],
    outputFile: { junit: "target/browser-tests/junit.xml" },
  },
});
