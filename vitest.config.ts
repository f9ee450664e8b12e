import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // `server-only` throws outside React's server build; tests are server code.
      "server-only": path.join(root, "tests/support/empty-module.ts"),
    },
  },
  test: {
    pool: "forks",
    // A file per core, not Vitest's one fewer: route and fuzz files spend half their time waiting
    // on their app server's sockets and timers, so two files on two cores take half the time.
    maxWorkers: os.availableParallelism(),
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { LOG_LEVEL: "silent", PGLITE_DATA_DIR: "memory://", AUTH_SECRET: "test-secret-test-secret-test-secret-0123" },
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      { extends: true, test: { name: "routes", include: ["tests/routes/**/*.test.ts"] } },
      { extends: true, test: { name: "fuzz", include: ["tests/fuzz/**/*.fuzz.test.ts"] } },
    ],
  },
});
