import { afterAll, beforeAll } from "vitest";
import { startAppServer } from "./app-server";
import { createClient } from "./client";

/**
 * One app server per test file. `env` (or the function giving it, called in `beforeAll`) is applied
 * before the app starts: the environment is read once per process, and each test file has its own.
 */
export function setUpAppServer(env: Record<string, string> | (() => Record<string, string>) = {}) {
  const state = {} as { baseUrl: string; client: ReturnType<typeof createClient> };
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    // Limits are high unless a file tests them: most files send bursts as one person, and sign
    // everyone up from this one machine.
    Object.assign(process.env, {
      OFFLINE_WORD_DELAY_MS: "1",
      RATE_LIMIT_API_PER_MINUTE: "100000",
      RATE_LIMIT_CHAT_PER_MINUTE: "100000",
      RATE_LIMIT_SIGNUPS_PER_HOUR: "100000",
      ...(typeof env === "function" ? env() : env),
    });
    const server = await startAppServer();
    close = server.close;
    state.baseUrl = server.baseUrl;
    state.client = createClient(server.baseUrl);
  });
  afterAll(async () => {
    await close?.();
    const { closeDb } = await import("@/lib/db/client");
    await closeDb();
  });
  return state;
}

/** The embedded database the app under test is using, for re-reading what a request changed. */
export async function database() {
  const { getEmbeddedDatabase } = await import("@/lib/db/client");
  return getEmbeddedDatabase();
}

/**
 * Makes the account with this email an admin as `npm run admin -- grant` does (the local mode's
 * `app_metadata.role`), in the database the app under test is using; answers the account's id.
 */
export async function grantAdmin(email: string): Promise<string> {
  const { grantAdminRole } = await import("@/lib/auth/admins");
  const user = await grantAdminRole({ email });
  if (!user) throw new Error(`grantAdmin: no account has the email ${email}`);
  return user.id;
}
