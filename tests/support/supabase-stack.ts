import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import postgres from "postgres";
import { migrate } from "@/lib/db/migrate";
import { startFakeGoTrue } from "../fakes/gotrue";
import { serveOverWire } from "./wire-postgres";

/**
 * What a Supabase project gives the app, on this machine: a Postgres speaking the wire protocol
 * to any number of connections and processes (PGlite behind ./wire-postgres.ts, with the auth shim
 * standing in for what Supabase creates and the project's migrations applied, as `supabase db
 * push` would) and Supabase Auth (the fake GoTrue, keeping its users in that database's
 * `auth.users` over its own connection, as GoTrue does).
 */
export async function startSupabaseStack() {
  const pg = await PGlite.create({ extensions: { vector } });
  await migrate(pg);
  const server = await serveOverWire(pg);
  const databaseUrl = server.url;
  const authDb = postgres(databaseUrl, { prepare: false, max: 1, onnotice: () => {} });
  const gotrue = await startFakeGoTrue({
    query: async <T>(text: string, params: unknown[] = []) => ({ rows: (await authDb.unsafe(text, params as never[])) as unknown as T[] }),
  });
  return {
    /** The database itself, for tests that read what a request changed. */
    pg,
    gotrue,
    env: {
      NEXT_PUBLIC_SUPABASE_URL: gotrue.url,
      NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: gotrue.publishableKey,
      DATABASE_URL: databaseUrl,
    },
    async close() {
      await gotrue.close();
      await authDb.end({ timeout: 1 });
      await server.close();
      await pg.close();
    },
  };
}
