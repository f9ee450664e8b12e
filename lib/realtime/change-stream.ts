import "server-only";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { encodeComment, encodeEvent, encodeRetry } from "@/lib/http/sse";
import { subscribeToChanges } from "./local-changes";

const heartbeatMs = 15_000;
const reconnectMs = 2_000;

/**
 * The user's changes as Server-Sent Events (local mode): `ready` once subscribed, then one
 * `change` per changed chat or message of theirs, and a heartbeat comment every 15 s. Ends when
 * the client goes away.
 */
export async function openChangeStream(user: { id: string }, clientSignal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  if (env().mode !== "local") {
    throw new AppError("not_found", "GET /api/events serves the local mode only", {
      publicMessage: "Live updates come from Supabase Realtime on this deployment.",
    });
  }
  // Opening the database starts its LISTEN (lib/db/local/open-pglite.ts).
  await getDb();

  let stop = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (chunk: Uint8Array) => {
        try {
          controller.enqueue(chunk);
        } catch {
          stop();
        }
      };
      const unsubscribe = subscribeToChanges(user.id, (event) => send(encodeEvent("change", event)));
      const heartbeat = setInterval(() => send(encodeComment("heartbeat")), heartbeatMs);
      stop = () => {
        unsubscribe();
        clearInterval(heartbeat);
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
