import "server-only";
import { createClient, type RealtimeChannel } from "@supabase/supabase-js";
import WebSocket from "ws";
import { replyDeltaSchema, replyEndSchema, replyTopic, type ReplyDelta } from "./reply-broadcasts";

export interface ReplyBroadcastHandlers {
  delta: (delta: ReplyDelta) => void;
  /** The writer says it is done; the stored reply holds how. */
  end: () => void;
  /** The channel closed or failed after it was joined (an expired token, a lost connection). */
  lost: () => void;
}

interface Follow {
  url: string;
  publishableKey: string;
  /** The person's own Supabase access token: the topic's policy admits them alone. */
  accessToken: string;
  userId: string;
  messageId: string;
}

const joinTimeoutMs = 5_000;

/**
 * Listens to one reply's broadcasts on the person's private topic (./reply-broadcasts.ts).
 * Resolves with the way to leave once Realtime has admitted the join, so that nothing broadcast
 * after it is missed; rejects when Realtime refuses or does not answer.
 */
export async function followReplyBroadcasts({ url, publishableKey, accessToken, userId, messageId }: Follow, handlers: ReplyBroadcastHandlers): Promise<() => Promise<void>> {
  const supabase = createClient(url, publishableKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // Node before 22 has no WebSocket of its own.
    realtime: { transport: (globalThis.WebSocket ?? WebSocket) as never, timeout: joinTimeoutMs },
  });
  await supabase.realtime.setAuth(accessToken);
  let isJoined = false;
  let isLeaving = false;
  const leave = async () => {
    isLeaving = true;
    await supabase.removeAllChannels();
  };
  const channel: RealtimeChannel = supabase
    .channel(replyTopic(userId), { config: { private: true } })
    .on("broadcast", { event: "delta" }, ({ payload }) => {
      const delta = replyDeltaSchema.safeParse(payload);
      if (delta.success && delta.data.messageId === messageId) handlers.delta(delta.data);
    })
    .on("broadcast", { event: "end" }, ({ payload }) => {
      const end = replyEndSchema.safeParse(payload);
      if (end.success && end.data.messageId === messageId) handlers.end();
    });
  await new Promise<void>((resolve, reject) => {
    channel.subscribe((status, error) => {
      if (status === "SUBSCRIBED") {
        isJoined = true;
        return resolve();
      }
      if (isLeaving) return;
      if (isJoined) return handlers.lost();
      void leave();
      reject(error ?? new Error(`Realtime did not admit the reply's channel: ${status}`));
    });
  });
  return leave;
}
