import type { RealtimePostgresChangesPayload } from "@supabase/supabase-js";
import type { ChangeEvent, ChangeHandlers } from "@/lib/realtime/types";
import { createClient } from "@/lib/supabase/client";

type ChangedRow = { id: string; chat_id?: string; user_id: string };

/**
 * Realtime cannot check row level security or filters for a DELETE (the row is gone): every
 * subscriber receives every user's deletes, naming only the primary key. So a message DELETE is
 * dropped (messages only go with their chat, whose DELETE is enough), and a chat DELETE matters
 * only for a chat this tab has seen (the hook ignores others).
 */
export function toChangeEvent(table: ChangeEvent["table"], payload: RealtimePostgresChangesPayload<ChangedRow>): ChangeEvent | null {
  if (table === "messages" && payload.eventType === "DELETE") return null;
  const row: Partial<ChangedRow> = payload.eventType === "DELETE" ? payload.old : payload.new;
  if (!row.id) return null;
  const chatId = table === "chats" ? row.id : (row.chat_id ?? null);
  return { table, type: payload.eventType, id: row.id, chatId };
}

/**
 * The person's changes from Supabase Realtime: postgres_changes on chats (all events) and messages
 * (inserts and updates), filtered to their rows and by RLS, deletes excepted (see toChangeEvent).
 * Only ids travel, never message text. The channel rejoins by itself after a drop; each rejoin
 * after the first asks for a resync.
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
      { event: "INSERT", schema: "public", table: "messages", filter, select: ["id", "chat_id", "user_id"] },
      (payload) => {
        const event = toChangeEvent("messages", payload);
        if (event) onChange(event);
      },
    )
    .on<ChangedRow>(
      "postgres_changes",
      { event: "UPDATE", schema: "public", table: "messages", filter, select: ["id", "chat_id", "user_id"] },
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
