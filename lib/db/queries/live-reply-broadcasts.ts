import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "../client";

/**
 * Broadcasts on a private Realtime topic from the database (Supabase mode only: `realtime.send`
 * exists where Supabase Realtime does). One statement, no transaction: a broadcast is a row that
 * Realtime sends and then forgets.
 */
export async function sendBroadcast(db: Database, input: { topic: string; event: string; payload: unknown }): Promise<void> {
  await db.execute(sql`select realtime.send(${JSON.stringify(input.payload)}::jsonb, ${input.event}, ${input.topic}, true)`);
}
