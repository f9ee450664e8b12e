import type { RealtimePostgresChangesPayload } from "@supabase/supabase-js";
import type { ChangeEvent, ChangeHandlers } from "@/lib/realtime/types";
import { createClient } from "@/lib/supabase/client";

type ChangedRow = { id: string; chat_id?: string; user_id: string };

export function toChangeEvent(table: ChangeEvent["table"], payload: RealtimePostgresChangesPayload<ChangedRow>): ChangeEvent | null {
  const row: Partial<ChangedRow> = payload.eventType === "DELETE" ? payload.old : payload.new;
  if (!row.id) return null;
  // With row level security on, a DELETE names only the primary key, so a message's chat is unknown.
  const chatId = table === "chats" ? row.id : (row.chat_id ?? null);
  return { table, type: payload.eventType, id: row.id, chatId };
}

/**
 * The person's changes from Supabase Realtime: postgres_changes on chats and messages, filtered to
 * their rows (RLS filters too). Only ids travel, never message text. The channel rejoins by itself
 * after a drop; each rejoin after the first asks for a resync.
 */
export function subscribeToSupabaseChanges(
  { url, publishableKey, userId }: { url: string; publishableKey: string; userId: string },
  { onChange, onResync }: ChangeHandlers,
): () => void {
  const supabase = createClient(url, publishableKey);
  const filter = `user_id=eq.${userId}`;
  let hasSubscribed = false;
  const channel = supabase
    .channel(`live-sync:${userId}`)
    .on<ChangedRow>("postgres_changes", { event: "*", schema: "public", table: "chats", filter, select: ["id", "user_id"] }, (payload) => {
      const event = toChangeEvent("chats", payload);
      if (event) onChange(event);
    })
    .on<ChangedRow>(
      "postgres_changes",
      { event: "*", schema: "public", table: "messages", filter, select: ["id", "chat_id", "user_id"] },
      (payload) => {
        const event = toChangeEvent("messages", payload);
        if (event) onChange(event);
      },
    )
    .subscribe((status) => {
      if (status !== "SUBSCRIBED") return;
      if (hasSubscribed) onResync();
      hasSubscribed = true;
    });
  return () => void supabase.removeChannel(channel);
}
