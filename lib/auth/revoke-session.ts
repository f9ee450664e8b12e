import "server-only";
import { sql } from "drizzle-orm";
import type { EmbeddedDatabase } from "@/lib/db/client";
import { withService } from "@/lib/db/transaction";
import { sessionLifetimeSeconds } from "./jwt";
import { rememberDeletedAccount, rememberEndedSessions, rememberRevokedSession } from "./revoked-sessions";

/** Refuses this session's token from now on, everywhere in the process, and after restarts. */
export async function revokeSession({ sessionId, userId, expiresAt }: { sessionId: string; userId: string; expiresAt: number }): Promise<void> {
  rememberRevokedSession(sessionId, expiresAt * 1000);
  await withService("auth.logout", (tx) =>
    tx.execute(sql`
      insert into private.revoked_sessions (session_id, user_id, expires_at)
      select ${sessionId}, ${userId}, to_timestamp(${expiresAt})
      -- After an account is deleted its tokens find nothing and can write nothing: no row needed.
      where exists (select 1 from auth.users where id = ${userId})
      on conflict (session_id) do nothing`),
  );
}

/**
 * At start (lib/boot.ts): remember what earlier processes revoked (signed-out sessions, deleted
 * accounts, sessions a suspension ended), and
 * forget what has expired anyway.
 */
export async function loadRevokedSessions(pg: EmbeddedDatabase): Promise<void> {
  await pg.query("delete from private.revoked_sessions where expires_at < now()");
  const rows = await pg.query<{ session_id: string; expires_at: Date }>("select session_id, expires_at from private.revoked_sessions");
  for (const row of rows.rows) rememberRevokedSession(row.session_id, new Date(row.expires_at).getTime());
  await pg.query("delete from private.deleted_accounts where tokens_valid_until < now()");
  const deleted = await pg.query<{ user_id: string; tokens_valid_until: Date }>("select user_id, tokens_valid_until from private.deleted_accounts");
  for (const row of deleted.rows) rememberDeletedAccount(row.user_id, new Date(row.tokens_valid_until).getTime());
  const suspended = await pg.query<{ user_id: string; sessions_ended_at: Date }>(
    "select user_id, sessions_ended_at from public.usage_plans where sessions_ended_at > now() - make_interval(secs => $1)",
    [sessionLifetimeSeconds],
  );
  for (const row of suspended.rows) rememberEndedSessions(row.user_id, new Date(row.sessions_ended_at).getTime());
}
