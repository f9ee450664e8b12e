import { createBrowserClient } from "@supabase/ssr";
import type { SupabaseClient } from "@supabase/supabase-js";

/** The browser's Supabase client: the session comes from the cookies @supabase/ssr wrote. */
export function createClient(url: string, publishableKey: string): SupabaseClient {
  return createBrowserClient(url, publishableKey);
}
