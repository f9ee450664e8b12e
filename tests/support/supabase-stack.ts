import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import postgres from "postgres";
import { migrate } from "@/lib/db/migrate";
import { startFakeGoTrue } from "../fakes/gotrue";

/**
 * What a Supabase project gives the app, on this machine: a Postgres speaking the wire protocol
 * (PGlite behind pglite-socket, with the auth shim standing in for what Supabase creates and the
 * project's migrations applied, as `supabase db push` would) and Supabase Auth (the fake GoTrue,
 * keeping its users in that database's `auth.users` over its own connection, as GoTrue does).
 * pglite-socket serves several connections and runs one transaction at a time across them.
 */
export async function startSupabaseStack() {
  const pg = await PGlite.create({ extensions: { vector } });
  await migrate(pg);
  const server = new PGLiteSocketServer({ db: pg, port: 0, host: "127.0.0.1", maxConnections: 20 });
  await server.start();
  const databaseUrl = `postgresql://postgres:postgres@${server.getServerConn()}/postgres`;
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
      // pglite-socket keeps connections apart only inside transactions: one app connection keeps
      // the app's own statements from interleaving (Supavisor has no such limit).
      DATABASE_POOL_MAX: "1",
    },
    async close() {
      await gotrue.close();
      await authDb.end({ timeout: 1 });
      await server.stop();
      await pg.close();
    },
  };
}
