import type { ChangeEvent, ChangeHandlers } from "@/lib/realtime/types";

const tables = new Set(["chats", "messages"]);
const types = new Set(["INSERT", "UPDATE", "DELETE"]);

function parseChange(data: string): ChangeEvent | null {
  const value: unknown = JSON.parse(data);
  if (typeof value !== "object" || value === null) return null;
  const event = value as Partial<ChangeEvent>;
  const isValid =
    tables.has(event.table ?? "") && types.has(event.type ?? "") && typeof event.id === "string" && (typeof event.chatId === "string" || event.chatId === null);
  return isValid ? (event as ChangeEvent) : null;
}

const firstRetryMs = 1_000;
const maxRetryMs = 30_000;

/**
 * The person's changes from the server's `GET /api/events` stream (local mode). EventSource
 * reconnects a dropped stream by itself; after an error answer (401, 429, 503) it gives up, so we
 * open a new one with exponential backoff.
 */
export function subscribeToServerChanges(path: string, { onChange, onResync }: ChangeHandlers): () => void {
  let source: EventSource | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let hasBeenReady = false;

  const connect = () => {
    const current = new EventSource(path);
    source = current;
    current.addEventListener("ready", () => {
      failures = 0;
      if (hasBeenReady) onResync();
      hasBeenReady = true;
    });
    current.addEventListener("change", (message) => {
      const event = parseChange(message.data);
      if (event) onChange(event);
    });
    current.addEventListener("error", () => {
      if (current.readyState !== EventSource.CLOSED) return;
      const delay = Math.min(maxRetryMs, firstRetryMs * 2 ** failures) * (0.5 + Math.random() / 2);
      failures++;
      retryTimer = setTimeout(connect, delay);
    });
  };

  connect();
  return () => {
    clearTimeout(retryTimer);
    source?.close();
  };
}
