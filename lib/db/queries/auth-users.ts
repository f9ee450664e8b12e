import "server-only";
import { sql } from "drizzle-orm";
import type { Database, Transaction } from "@/lib/db/client";

// `auth.users` as the owner sees it: the API roles can neither read it nor write `raw_app_meta_data`,
// which is Supabase's `app_metadata` (only the service role writes it there too).

export type AuthUser = { id: string; email: string };

export async function listUsersByAppRole(db: Database | Transaction, { role }: { role: string }): Promise<AuthUser[]> {
  const rows = await db.execute<AuthUser>(sql`
    select id, email from auth.users where raw_app_meta_data ->> 'role' = ${role} order by lower(email)`);
  return rows.rows;
}

export async function listUsersByIds(db: Database | Transaction, { ids }: { ids: string[] }): Promise<AuthUser[]> {
  if (ids.length === 0) return [];
  const rows = await db.execute<AuthUser>(sql`
    select id, email from auth.users where id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}) order by lower(email)`);
  return rows.rows;
}

/** Sets (or with `null` removes) `app_metadata.role`, keeping the rest; null when no account has the email. */
export async function setAppRoleByEmail(db: Database | Transaction, { email, role }: { email: string; role: string | null }): Promise<AuthUser | null> {
  const rows = await db.execute<AuthUser>(sql`
    update auth.users
    set raw_app_meta_data = ${role === null ? sql`raw_app_meta_data - 'role'` : sql`coalesce(raw_app_meta_data, '{}') || jsonb_build_object('role', ${role}::text)`},
      updated_at = now()
    where lower(email) = lower(${email})
    returning id, email`);
  return rows.rows[0] ?? null;
}

/** The account's `app_metadata.role` as stored now; null without one (or without the account). */
export async function getAppRoleById(db: Database | Transaction, { id }: { id: string }): Promise<string | null> {
  const rows = await db.execute<{ role: string | null }>(sql`select raw_app_meta_data ->> 'role' as role from auth.users where id = ${id}`);
  return rows.rows[0]?.role ?? null;
}
