import "server-only";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { encodeComment, encodeEvent, encodeRetry } from "@/lib/http/sse";
import { logger } from "@/lib/monitoring/logger";
import { subscribeToChanges } from "./local-changes";

/** Streams one person may hold open at once: a browser shares one across its tabs. */
export const maxStreamsPerUser = 5;
/** Seconds a refused stream is told to wait (a stream closes at the latest after its lifetime). */
const retryAfterSeconds = 30;
const reconnectMs = 2_000;

export interface ChangeStreamOptions {
  /** Asked on every heartbeat; false (signed out, account deleted) closes the stream. */
  isSessionValid: () => Promise<boolean>;
  heartbeatMs?: number;
  /** The server closes the stream after this long; the browser reconnects and refetches. */
  lifetimeMs?: number;
}

// Route bundles do not share module state reliably; the process does share globalThis.
const globalKey = Symbol.for("mneme.realtime.streams");
const store = globalThis as typeof globalThis & { [globalKey]?: Map<string, number> };
const streamsByUser = () => (store[globalKey] ??= new Map());

/** Takes one of the user's stream slots, or refuses with 429; returns its release (idempotent). */
function takeStreamSlot(userId: string): () => void {
  const streams = streamsByUser();
  const open = streams.get(userId) ?? 0;
  if (open >= maxStreamsPerUser) {
    throw new AppError("rate_limited", `events: ${open} streams already open`, {
      publicMessage: `At most ${maxStreamsPerUser} live update streams can be open at once. Close a tab or device, or try again shortly.`,
      retryAfterSeconds,
    });
  }
  streams.set(userId, open + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (streams.get(userId) ?? 1) - 1;
    if (left > 0) streams.set(userId, left);
    else streams.delete(userId);
  };
}

/**
 * The user's changes as Server-Sent Events (local mode): `ready` once subscribed, then one
 * `change` per changed chat or message of theirs, and a heartbeat comment every 15 s, at which the
 * session is checked again. Ends when the client goes away, when the session no longer stands, or
 * after an hour (the browser reconnects). At most `maxStreamsPerUser` at once per user.
 */
export async function openChangeStream(
  user: { id: string },
  clientSignal: AbortSignal,
  { isSessionValid, heartbeatMs = 15_000, lifetimeMs = 60 * 60_000 }: ChangeStreamOptions,
): Promise<ReadableStream<Uint8Array>> {
  if (env().mode !== "local") {
    throw new AppError("not_found", "GET /api/events serves the local mode only", {
      publicMessage: "Live updates come from Supabase Realtime on this deployment.",
    });
  }
  // Taken before anything is awaited, so concurrent requests cannot all pass the count.
  const releaseSlot = takeStreamSlot(user.id);
  try {
    // The process listens from its start (lib/boot.ts); this fails early when the database cannot open.
    await getDb();
  } catch (error) {
    releaseSlot();
    throw error;
  }

  let stop = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let isChecking = false;
      const send = (chunk: Uint8Array) => {
        try {
          controller.enqueue(chunk);
        } catch {
          stop();
        }
      };
      const checkSession = async () => {
        if (isChecking) return;
        isChecking = true;
        try {
          if (!(await isSessionValid())) stop();
        } catch (error) {
          // The database is unreachable: nothing can change meanwhile; ask again next time.
          logger.warn({ err: error, userId: user.id }, "events: could not check the session");
        } finally {
          isChecking = false;
        }
      };
      const unsubscribe = subscribeToChanges(user.id, (event) => send(encodeEvent("change", event)));
      const heartbeat = setInterval(() => {
        send(encodeComment("heartbeat"));
        void checkSession();
      }, heartbeatMs);
      const lifetime = setTimeout(() => stop(), lifetimeMs);
      stop = () => {
        unsubscribe();
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        releaseSlot();
        clientSignal.removeEventListener("abort", stop);
        try {
          controller.close();
        } catch {
          // Already closed by a cancel.
        }
      };
      clientSignal.addEventListener("abort", stop, { once: true });
      if (clientSignal.aborted) stop();
      send(encodeRetry(reconnectMs));
      send(encodeEvent("ready", {}));
    },
    cancel() {
      stop();
    },
  });
}
