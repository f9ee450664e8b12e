import "server-only";
import { env } from "@/lib/env";
import type { LiveSource } from "./types";

/**
 * Tells the browser where live updates come from, decided at run time by the server's mode, so one
 * build serves both. The Supabase URL and publishable key are public by design.
 */
export function getLiveSource(): LiveSource {
  const config = env();
  return config.mode === "supabase"
    ? { kind: "supabase-realtime", url: config.NEXT_PUBLIC_SUPABASE_URL, publishableKey: config.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY }
    : { kind: "server-events", path: "/api/events" };
}
