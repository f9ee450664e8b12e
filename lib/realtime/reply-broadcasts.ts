import "server-only";
import { z } from "zod";
import { sendBroadcasts } from "@/lib/db/queries/live-reply-broadcasts";
import { withServiceStatement } from "@/lib/db/transaction";
import { logger } from "@/lib/monitoring/logger";

/**
 * Live replies across instances (Supabase mode). The instance that writes a reply broadcasts what
 * it adds on the person's private Realtime topic; an instance that serves another of the person's
 * requests for that reply (GET /api/chats/:id/stream) listens there with the person's own token
 * (./follow-reply-broadcasts.ts). Only the policy of 20261204004000_live_reply_channels.sql lets
 * anyone join the topic: the person, signed in. Broadcasts are best effort, as Realtime's are:
 * a follower that sees an offset beyond its text reads the stored checkpoint, which covers it.
 */
export const replyTopic = (userId: string) => `user:${userId}:replies`;

export const replyDeltaSchema = z.object({ messageId: z.uuid(), offset: z.number().int().min(0), text: z.string() });
export type ReplyDelta = z.infer<typeof replyDeltaSchema>;
/** The writer is done: the stored reply holds how it ended. */
export const replyEndSchema = z.object({ messageId: z.uuid() });

/** How long a writer gathers deltas into one broadcast: several a second, as the issue asks, at one statement each. */
export const broadcastEveryMs = 150;

type Broadcast = { event: "delta" | "end"; payload: unknown };
type Send = (broadcasts: Broadcast[]) => Promise<void>;

/**
 * What one reply's writer broadcasts: its deltas gathered every `broadcastEveryMs`, one statement
 * in flight at a time so they arrive in order, then `end` (in one statement with the last delta:
 * settling a reply is one round trip fewer). A failed send is logged and skipped.
 */
export class ReplyBroadcaster {
  private pending: ReplyDelta | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly userId: string,
    private readonly messageId: string,
    private readonly send: Send = (broadcasts) =>
      withServiceStatement("chat.live-reply", (db) => sendBroadcasts(db, { topic: replyTopic(userId), broadcasts })),
  ) {}

  append(text: string, offset: number): void {
    if (this.pending) this.pending.text += text;
    else this.pending = { messageId: this.messageId, offset, text };
    this.timer ??= setTimeout(() => this.flush(), broadcastEveryMs);
  }

  /** Sends what is gathered with `end`; resolves when that has been tried. */
  end(): Promise<void> {
    return this.enqueue([...this.takePending(), { event: "end", payload: { messageId: this.messageId } }]);
  }

  private flush(): void {
    const pending = this.takePending();
    if (pending.length) void this.enqueue(pending);
  }

  private takePending(): Broadcast[] {
    clearTimeout(this.timer);
    this.timer = undefined;
    const delta = this.pending;
    this.pending = null;
    return delta ? [{ event: "delta", payload: delta }] : [];
  }

  private enqueue(broadcasts: Broadcast[]): Promise<void> {
    this.sending = this.sending.then(() =>
      this.send(broadcasts).catch((error: unknown) => {
        const events = broadcasts.map((broadcast) => broadcast.event);
        logger.warn({ err: error, messageId: this.messageId, userId: this.userId, events }, "a live reply broadcast failed");
      }),
    );
    return this.sending;
  }
}
