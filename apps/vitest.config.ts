import { defineConfig } from "vitest/config";

// The apps' unit tests: one module at a time, in Node (the browser tests are browser-tests/).
export default defineConfig({
  test: {
    include: ["{register,dashboard,community,shared}/**/*.test.ts"],
    environment: "node",
  },
});
