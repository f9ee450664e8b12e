import "server-only";
import { createClient } from "@supabase/supabase-js";
import { env, supabaseEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

/** GoTrue's longest practical ban: a suspension lasts until an admin lifts it. */
const suspensionBan = "876000h";

/** Whether the Supabase mode can ban in Supabase Auth (its admin API needs the secret key). */
export function canBanInSupabaseAuth(): boolean {
  return env().SUPABASE_SECRET_KEY !== undefined;
}

/**
 * Bans (or lifts the ban of) the account in Supabase Auth: it can no longer sign in nor refresh a
 * session there. Access tokens already issued stay valid until they expire; the admission check
 * refuses them meanwhile (private.admit_request).
 */
export async function setSupabaseAuthBan({ userId, banned }: { userId: string; banned: boolean }): Promise<void> {
  const secretKey = env().SUPABASE_SECRET_KEY;
  if (!secretKey) throw new AppError("unavailable", "SUPABASE_SECRET_KEY is not set: suspension cannot ban in Supabase Auth");
  const client = createClient(supabaseEnv().NEXT_PUBLIC_SUPABASE_URL, secretKey, { auth: { persistSession: false, autoRefreshToken: false } });
  const { error } = await client.auth.admin.updateUserById(userId, { ban_duration: banned ? suspensionBan : "none" });
  if (error) throw new AppError("unavailable", `Supabase Auth ban of ${userId} failed: ${error.code ?? error.status} ${error.message}`, { cause: error });
}
