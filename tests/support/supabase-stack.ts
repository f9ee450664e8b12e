import postgres from "postgres";
import { startFakeGoTrue } from "../fakes/gotrue";
import { startFakeRealtime } from "../fakes/realtime";
import { startFakeStorage } from "../fakes/storage";
import { createFreshProject, pushMigrations } from "./fresh-supabase";
import { serveOverWire } from "@/lib/db/local/wire-server.mjs";

/**
 * What a Supabase project gives the app, on this machine: a Postgres speaking the wire protocol
 * to any number of connections and processes (PGlite behind lib/db/local/wire-server.mjs: a fresh hosted
 * project, ./fresh-supabase.ts, with the project's migrations pushed as `supabase db push` does,
 * every connection acting as the non-superuser `postgres`, as the pooler's do) and Supabase Auth
 * (the fake GoTrue, keeping its users in that database's `auth.users` over its own connection, as
 * GoTrue does), Supabase Realtime (the fake Realtime on the same URL, reading that database as
 * Realtime does) and Supabase Storage (the fake Storage on the same URL, keeping its objects' rows
 * in that database's `storage.objects`, as Storage does).
 */
export async function startSupabaseStack() {
  const pg = await createFreshProject("hosted");
  await pushMigrations(pg);
  const server = await serveOverWire(pg);
  const databaseUrl = server.url;
  const authDb = postgres(databaseUrl, { prepare: false, max: 1, onnotice: () => {} });
  const gotrue = await startFakeGoTrue({
    query: async <T>(text: string, params: unknown[] = []) => ({ rows: (await authDb.unsafe(text, params as never[])) as unknown as T[] }),
  });
  const realtime = await startFakeRealtime({ gateway: gotrue, databaseUrl });
  const storage = await startFakeStorage({ gateway: gotrue, databaseUrl });
  return {
    /** The database itself, for tests that read what a request changed. */
    pg,
    gotrue,
    realtime,
    storage,
    env: {
      NEXT_PUBLIC_SUPABASE_URL: gotrue.url,
      NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: gotrue.publishableKey,
      DATABASE_URL: databaseUrl,
    },
    async close() {
      await storage.close();
      await realtime.close();
      await gotrue.close();
      await authDb.end({ timeout: 1 });
      await server.close();
      await pg.close();
    },
  };
}
