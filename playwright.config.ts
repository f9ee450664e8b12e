import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { fakeSentryKey } from "./tests/fakes/sentry";

const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;
// tests/e2e/sentry.spec.ts runs the fake Sentry ingest on this port; in other specs it is closed
// and reports are lost, as when the ingest is down.
const sentryPort = Number(process.env.E2E_SENTRY_PORT ?? port + 1000);
process.env.E2E_SENTRY_PORT = String(sentryPort);
// The same app in the Supabase mode (tests/e2e-supabase), against this machine's Supabase stack.
const supabasePort = Number(process.env.E2E_SUPABASE_PORT ?? port + 1);
const supabaseBaseURL = `http://127.0.0.1:${supabasePort}`;
// A second app instance on the same Supabase project, for replies written by one and followed on another.
const supabaseSecondPort = Number(process.env.E2E_SUPABASE_SECOND_PORT ?? port + 2);
process.env.E2E_SUPABASE_SECOND_URL = `http://127.0.0.1:${supabaseSecondPort}`;
// A throwaway database for every run.
const dataDir = path.join(os.tmpdir(), `mneme-e2e-${process.pid}-${Date.now()}`, "pglite");

export default defineConfig({
  outputDir: "tests/artifacts/results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { outputFolder: "tests/artifacts/report", open: "never" }]],
  globalSetup: "./tests/e2e/global-setup.ts",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's Chromium: browsers cannot be downloaded on these machines.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    },
  },
  projects: [
    { name: "chromium", testDir: "tests/e2e", use: { ...devices["Desktop Chrome"], channel: undefined } },
    { name: "supabase-mode", testDir: "tests/e2e-supabase", use: { ...devices["Desktop Chrome"], channel: undefined, baseURL: supabaseBaseURL } },
  ],
  webServer: [
    {
      // The admin account exists and holds the role before the server owns the database.
      command: `npx tsx --conditions=react-server tests/support/seed-local-admin.ts && npx next start -p ${port}`,
      url: `${baseURL}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      env: {
        PGLITE_DATA_DIR: dataDir,
        NEXT_MANUAL_SIG_HANDLE: "1",
        OFFLINE_WORD_DELAY_MS: "20",
        // Every account of the run signs up from this machine's one address.
        RATE_LIMIT_SIGNUPS_PER_HOUR: "10000",
        // tests/e2e/long-chat.spec.ts writes a chat longer than one page, turn after turn, and the
        // admin specs share one seeded admin, whose searches as they type add up within a minute.
        RATE_LIMIT_CHAT_PER_MINUTE: "600",
        RATE_LIMIT_API_PER_MINUTE: "1000",
        LOG_LEVEL: "warn",
        AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123456789",
        OPENAI_API_KEY: "",
        OPENAI_BASE_URL: "",
        // A second model for choosing one (regenerating a reply with another model).
        OFFLINE_MODELS: "offline-mini",
        SENTRY_DSN: `http://${fakeSentryKey}@127.0.0.1:${sentryPort}/1`,
      },
    },
    {
      command: "npx tsx --conditions=react-server tests/support/serve-supabase-mode.ts",
      url: `${supabaseBaseURL}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      // 80 ms a word: a reply runs some six seconds, long enough to follow it from the second instance.
      env: { PORT: String(supabasePort), SECOND_PORT: String(supabaseSecondPort), OFFLINE_WORD_DELAY_MS: "80", RATE_LIMIT_SIGNUPS_PER_HOUR: "10000", LOG_LEVEL: "warn", OPENAI_API_KEY: "", OPENAI_BASE_URL: "" },
    },
  ],
});
