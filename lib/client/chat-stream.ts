import { EventSourceParserStream } from "eventsource-parser/stream";
import type { ChatStreamEvents } from "@/lib/chat/types";
import { toApiError } from "./http";

export type ChatStreamEvent = {
  [Name in keyof ChatStreamEvents]: { name: Name; data: ChatStreamEvents[Name] };
}[keyof ChatStreamEvents];

/**
 * A new message (`temporary` only when it starts a chat), a new version of a sent message
 * (`editOf`), or (with `retryOf` and no `message`) a new version of a reply.
 */
export type ChatRequest =
  | { chatId?: string; message: string; model?: string; temporary?: boolean }
  | { chatId: string; message: string; editOf: string; model?: string }
  | { chatId: string; retryOf: string; model?: string };

const eventNames = new Set<string>(["meta", "delta", "done", "error"] satisfies (keyof ChatStreamEvents)[]);

/** Posts to `/api/chat` and yields its Server-Sent Events; throws `ApiError` when the server answers JSON. */
export async function* streamChat(request: ChatRequest, signal: AbortSignal): AsyncGenerator<ChatStreamEvent> {
  const response = await fetch("/api/chat", {
    method: "POST",
    signal,
    credentials: "same-origin",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify(request),
  });
  const isEventStream = response.headers.get("content-type")?.startsWith("text/event-stream");
  if (!response.ok || !response.body || !isEventStream) throw await toApiError(response);

  const reader = response.body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) return;
      if (value.event && eventNames.has(value.event)) {
        yield { name: value.event, data: JSON.parse(value.data) } as ChatStreamEvent;
      }
    }
  } finally {
    reader.releaseLock();
  }
}
