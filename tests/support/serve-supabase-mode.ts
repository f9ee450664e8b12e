/**
 * The app in the Supabase mode for browser tests: the Supabase stack of this machine (a
 * wire-protocol Postgres and the fake Supabase Auth), then `next start` on the production build
 * pointed at it. Playwright starts this as a web server and stops it with SIGTERM.
 *
 *     PORT=3211 [SECOND_PORT=3212] npx tsx --conditions=react-server tests/support/serve-supabase-mode.ts
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { startSupabaseStack } from "./supabase-stack";

const port = process.env.PORT ?? "3211";
const stack = await startSupabaseStack();
// As DEPLOY.md sets the project: Realtime refuses public channels.
stack.realtime.allowPublicAccess = false;
const start = (onPort: string) =>
  spawn("npx", ["next", "start", "-p", onPort, "-H", "127.0.0.1"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    stdio: "inherit",
    detached: true,
    env: { ...process.env, ...stack.env, NODE_ENV: "production", NEXT_MANUAL_SIG_HANDLE: "1" },
  });
const app = start(port);
// A second instance on the same project, as Vercel runs many: a request may reach either.
const second = process.env.SECOND_PORT ? start(process.env.SECOND_PORT) : null;

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  for (const instance of [app, second]) if (instance?.pid && instance.exitCode === null) process.kill(-instance.pid, "SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 500));
  await stack.close();
  process.exit(code);
}
process.on("SIGTERM", () => void stop(0));
process.on("SIGINT", () => void stop(0));
app.on("exit", (code) => void stop(code ?? 1));
second?.on("exit", (code) => void stop(code ?? 1));
