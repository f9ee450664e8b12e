import type { RealtimeChannel, RealtimePostgresChangesPayload, SupabaseClient } from "@supabase/supabase-js";
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

/** The channel of the person's changes: postgres_changes on their chats and messages, ids only. */
function changesChannel(supabase: SupabaseClient, userId: string, { onChange }: Pick<ChangeHandlers, "onChange">): RealtimeChannel {
  const filter = `user_id=eq.${userId}`;
  return supabase
    // Private: joined as the person, whom the policy on realtime.messages admits to their own topic alone.
    .channel(`user:${userId}:changes`, { config: { private: true } })
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
    );
}

/**
 * The person's changes from Supabase Realtime: postgres_changes on chats (all events) and messages
 * (inserts and updates), filtered to their rows and by RLS, deletes excepted (see toChangeEvent).
 * Only ids travel, never message text. The channel rejoins by itself after a drop; each rejoin
 * after the first asks for a resync.
 *
 * Realtime checks row level security as the role of the token a channel joined with, so the
 * person's access token is handed to Realtime before the join: joined without it, as anon, the
 * channel would receive nothing (supabase-js passes refreshed tokens on by itself afterwards).
 */
export function subscribeToSupabaseChanges(
  { url, publishableKey, userId }: { url: string; publishableKey: string; userId: string },
  { onChange, onResync }: ChangeHandlers,
): () => void {
  const supabase = createClient(url, publishableKey);
  let hasSubscribed = false;
  let channel: RealtimeChannel | null = null;
  let isRemoved = false;
  void supabase.auth
    .getSession()
    .then(({ data }) => supabase.realtime.setAuth(data.session?.access_token ?? null))
    .then(() => {
      if (isRemoved) return;
      channel = changesChannel(supabase, userId, { onChange }).subscribe((status) => {
        if (status !== "SUBSCRIBED") return;
        if (hasSubscribed) onResync();
        hasSubscribed = true;
      });
    })
    // No session to read (signed out meanwhile): nothing of this person's is there to follow.
    .catch(() => {});
  return () => {
    isRemoved = true;
    if (channel) void supabase.removeChannel(channel);
  };
}
