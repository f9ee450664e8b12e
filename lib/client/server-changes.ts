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
 * One `GET /api/events` stream. EventSource reconnects a dropped stream by itself; after an error
 * answer (401, 429, 503) it gives up, so we open a new one with exponential backoff.
 */
function connect(path: string, { onChange, onResync }: ChangeHandlers, { isTakeover }: { isTakeover: boolean }): () => void {
  let source: EventSource | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let hasBeenReady = false;

  const open = () => {
    const current = new EventSource(path);
    source = current;
    current.addEventListener("ready", () => {
      failures = 0;
      // A tab taking over from a closed one cannot know what happened in between.
      if (hasBeenReady || isTakeover) onResync();
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
      retryTimer = setTimeout(open, delay);
    });
  };

  open();
  return () => {
    clearTimeout(retryTimer);
    source?.close();
  };
}

type Relayed = { kind: "change"; event: ChangeEvent } | { kind: "resync" };

/**
 * The person's changes from the server's event stream (local mode), over one connection per
 * browser rather than per tab: over HTTP/1.1 a browser keeps at most six connections to a host,
 * and every tab holding its own stream would soon stall the seventh. The tab holding a Web Lock
 * opens the stream and relays its events to the others on a BroadcastChannel; when it closes,
 * another tab takes the lock and the stream over.
 */
export function subscribeToServerChanges(path: string, userId: string, handlers: ChangeHandlers): () => void {
  if (typeof BroadcastChannel !== "function" || !navigator.locks) return connect(path, handlers, { isTakeover: false });

  const name = `mneme-live-sync:${userId}`;
  const channel = new BroadcastChannel(name);
  const stopWaiting = new AbortController();
  let stopLeading: (() => void) | null = null;
  let isClosed = false;

  channel.onmessage = ({ data }: MessageEvent<Relayed>) => {
    if (stopLeading) return;
    if (data.kind === "change") handlers.onChange(data.event);
    else handlers.onResync();
  };
  const relay: ChangeHandlers = {
    onChange: (event) => {
      handlers.onChange(event);
      channel.postMessage({ kind: "change", event } satisfies Relayed);
    },
    onResync: () => {
      handlers.onResync();
      channel.postMessage({ kind: "resync" } satisfies Relayed);
    },
  };
  const lead = (isTakeover: boolean) =>
    new Promise<void>((release) => {
      if (isClosed) return release();
      const disconnect = connect(path, relay, { isTakeover });
      stopLeading = () => {
        disconnect();
        release();
      };
    });

  void (async () => {
    let isLeader = false;
    await navigator.locks.request(name, { ifAvailable: true }, (lock) => {
      if (!lock) return;
      isLeader = true;
      return lead(false);
    });
    if (isLeader || isClosed) return;
    await navigator.locks.request(name, { signal: stopWaiting.signal }, () => lead(true));
  })().catch((error: unknown) => {
    // Closing the tab's subscription while it waits for the lock aborts the wait.
    if (!(error instanceof DOMException && error.name === "AbortError")) throw error;
  });

  return () => {
    isClosed = true;
    stopWaiting.abort();
    stopLeading?.();
    channel.close();
  };
}
