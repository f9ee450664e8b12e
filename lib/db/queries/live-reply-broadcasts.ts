import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "../client";

/**
 * Broadcasts on a private Realtime topic from the database (Supabase mode only: `realtime.send`
 * exists where Supabase Realtime does). One statement however many, no transaction: a broadcast is
 * a row that Realtime sends and then forgets; a row's calls run left to right, so they go in order.
 */
export async function sendBroadcasts(db: Database, { topic, broadcasts }: { topic: string; broadcasts: { event: string; payload: unknown }[] }): Promise<void> {
  const calls = broadcasts.map(({ event, payload }) => sql`realtime.send(${JSON.stringify(payload)}::jsonb, ${event}, ${topic}, true)`);
  await db.execute(sql`select ${sql.join(calls, sql`, `)}`);
}
