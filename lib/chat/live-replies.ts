import "server-only";
import type { ChatStreamEvents } from "./types";

/** How a reply ended, as the stream's last event says it. */
export type ReplyEnd = { event: "done"; data: ChatStreamEvents["done"] } | { event: "error"; data: ChatStreamEvents["error"] };

export interface ReplyListener {
  delta: (delta: ChatStreamEvents["delta"]) => void;
  end: (end: ReplyEnd) => void;
}

/**
 * A reply being written by this process, which any number of streams follow: the one that asked
 * for it (POST /api/chat) and those that join later (GET /api/chats/:id/stream), each from the
 * text so far. Node runs one callback at a time, so what `follow` returns and the deltas that
 * come after it join without a gap or a repeat.
 */
export class LiveReply {
  text = "";
  ending: ReplyEnd | null = null;
  private readonly listeners = new Set<ReplyListener>();

  constructor(
    readonly messageId: string,
    readonly userId: string,
    /** Asks the writer to stop (POST /api/chats/:id/stop reaching this process). */
    readonly stop: () => void,
  ) {}

  append(text: string): void {
    const offset = this.text.length;
    this.text += text;
    for (const listener of this.listeners) listener.delta({ text, offset });
  }

  end(ending: ReplyEnd): void {
    this.ending = ending;
    for (const listener of this.listeners) listener.end(ending);
    this.listeners.clear();
    registry().delete(this.messageId);
  }

  /** The text so far, and the listener called with what follows (at once with the end, if it ended). */
  follow(listener: ReplyListener): { text: string; unfollow: () => void } {
    if (this.ending) {
      const ending = this.ending;
      queueMicrotask(() => listener.end(ending));
    } else {
      this.listeners.add(listener);
    }
    return { text: this.text, unfollow: () => this.listeners.delete(listener) };
  }
}

// On globalThis: route bundles do not reliably share module state (PITFALLS.md).
const registryKey = Symbol.for("mneme.liveReplies");
type Registry = Map<string, LiveReply>;

function registry(): Registry {
  const holder = globalThis as { [registryKey]?: Registry };
  return (holder[registryKey] ??= new Map());
}

export function registerLiveReply(reply: LiveReply): void {
  registry().set(reply.messageId, reply);
}

/** The reply being written here, if this process writes it and it is the user's. */
export function getLiveReply(messageId: string, userId: string): LiveReply | undefined {
  const reply = registry().get(messageId);
  return reply?.userId === userId ? reply : undefined;
}
