import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    // The house (STYLE.md): app → components → lib, and lib/db the ground floor. lib/env.ts,
    // lib/errors.ts and the logger are utilities of every floor, lib/db's included; lib/boot.ts
    // is the roof, for instrumentation.ts, scripts and tests only.
    files: ["app/**", "components/**", "lib/**"],
    rules: {
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: "./lib/db",
              from: "./lib",
              except: ["./db", "./env.ts", "./errors.ts", "./monitoring/logger.ts"],
              message: "lib/db is the ground floor: it imports no other part of lib/ (start-up work belongs in lib/boot.ts).",
            },
            { target: "./lib", from: ["./components", "./app"], message: "Imports point one way: app → components → lib." },
            { target: "./lib", from: "./lib/boot.ts", message: "lib/boot.ts starts the process; only instrumentation.ts, scripts and tests call it." },
            { target: "./components", from: "./app", message: "Imports point one way: app → components → lib." },
          ],
        },
      ],
    },
  },
  {
    // Type-only imports are not followed (they leave no module behind); the fence above covers lib/db's.
    files: ["lib/**"],
    settings: { "import/ignore": ["node_modules"] },
    rules: { "import/no-cycle": ["error", { maxDepth: 12, ignoreExternal: true }] },
  },
  {
    // The browser SDK loads after the page is up (lib/monitoring/browser-sentry.ts); a direct import
    // from browser code would put it back into every page's first script.
    files: ["app/**/*.tsx", "components/**", "lib/client/**", "instrumentation-client.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "@sentry/nextjs", allowTypeImports: true, message: "In the browser, use lib/monitoring/browser-sentry.ts." }] },
      ],
    },
  },
  {
    // Playwright fixtures and Vitest helpers are not React: their `use` is not a hook.
    files: ["tests/**", "bench/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  globalIgnores(["**/.next/**", ".data/**", "node_modules/**", "**/next-env.d.ts", "tests/artifacts/**", "playwright-report/**", "test-results/**"]),
]);
