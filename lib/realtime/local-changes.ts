import "server-only";
import type { EmbeddedDatabase } from "@/lib/db/client";
import { z } from "zod";
import { logger } from "@/lib/monitoring/logger";
import type { ChangeEvent } from "./types";

/** The channel the triggers of supabase/migrations/*_realtime.sql notify. */
export const changesChannel = "mneme_changes";

const notificationSchema = z.object({
  table: z.enum(["chats", "messages"]),
  type: z.enum(["INSERT", "UPDATE", "DELETE"]),
  id: z.uuid(),
  chat_id: z.uuid(),
  user_id: z.uuid(),
});

type ChangeListener = (event: ChangeEvent) => void;

// Route bundles do not share module state reliably; the process does share globalThis.
const globalKey = Symbol.for("mneme.realtime.listeners");
const store = globalThis as typeof globalThis & { [globalKey]?: Map<string, Set<ChangeListener>> };
const listenersByUser = () => (store[globalKey] ??= new Map());

/** Calls `listener` with each change to the user's chats and messages; returns the unsubscribe. */
export function subscribeToChanges(userId: string, listener: ChangeListener): () => void {
  const listeners = listenersByUser();
  const mine = listeners.get(userId) ?? new Set<ChangeListener>();
  mine.add(listener);
  listeners.set(userId, mine);
  return () => {
    mine.delete(listener);
    if (mine.size === 0 && listeners.get(userId) === mine) listeners.delete(userId);
  };
}

function publish(payload: string): void {
  let parsed: z.infer<typeof notificationSchema>;
  try {
    parsed = notificationSchema.parse(JSON.parse(payload));
  } catch (error) {
    logger.warn({ err: error }, "ignoring a malformed change notification");
    return;
  }
  const event: ChangeEvent = { table: parsed.table, type: parsed.type, id: parsed.id, chatId: parsed.chat_id };
  for (const listener of listenersByUser().get(parsed.user_id) ?? []) {
    try {
      listener(event);
    } catch (error) {
      logger.error({ err: error }, "a change listener failed");
    }
  }
}

/**
 * Makes the embedded database announce changes to this process: one LISTEN for the process, and
 * the session setting that switches the triggers on (PGlite has one session, shared by every request).
 */
export async function listenForChanges(pg: EmbeddedDatabase): Promise<void> {
  await pg.listen(changesChannel, publish);
  await pg.exec("set mneme.notify_changes = 'on'");
}
