// Imported first by every script: loads .env* files exactly as `next dev` / `next start` do.
import nextEnv from "@next/env";

// @next/env is CommonJS: its named exports are only reachable through the default import.
nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production", { info: () => {}, error: console.error });
