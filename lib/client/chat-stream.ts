import { EventSourceParserStream } from "eventsource-parser/stream";
import type { ChatStreamEvents, ReplyStreamEvents } from "@/lib/chat/types";
import { toApiError } from "./http";

type StreamEvent<Events> = {
  [Name in keyof Events]: { name: Name; data: Events[Name] };
}[keyof Events];

export type ChatStreamEvent = StreamEvent<ChatStreamEvents>;
export type ReplyStreamEvent = StreamEvent<ReplyStreamEvents>;

/**
 * A new message (`temporary` only when it starts a chat), a new version of a sent message
 * (`editOf`), or (with `retryOf` and no `message`) a new version of a reply.
 */
export type ChatRequest =
  | { chatId?: string; message: string; model?: string; temporary?: boolean; documentIds?: string[] }
  | { chatId: string; message: string; editOf: string; model?: string; documentIds?: string[] }
  | { chatId: string; retryOf: string; model?: string };

const chatEventNames = new Set<string>(["meta", "delta", "done", "error"] satisfies (keyof ChatStreamEvents)[]);
const replyEventNames = new Set<string>(["snapshot", "delta", "done", "error"] satisfies (keyof ReplyStreamEvents)[]);

async function* readEvents<Event>(response: Response, names: Set<string>): AsyncGenerator<Event> {
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
      if (value.event && names.has(value.event)) yield { name: value.event, data: JSON.parse(value.data) } as Event;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Posts to `/api/chat` and yields its Server-Sent Events; throws `ApiError` when the server answers JSON. */
export async function* streamChat(request: ChatRequest): AsyncGenerator<ChatStreamEvent> {
  const response = await fetch("/api/chat", {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify(request),
  });
  yield* readEvents<ChatStreamEvent>(response, chatEventNames);
}

/** Follows the chat's reply being written (`GET /api/chats/:id/stream`); yields nothing when none is. */
export async function* followReply(chatId: string): AsyncGenerator<ReplyStreamEvent> {
  const response = await fetch(`/api/chats/${encodeURIComponent(chatId)}/stream`, {
    credentials: "same-origin",
    headers: { accept: "text/event-stream" },
  });
  if (response.status === 204) return;
  yield* readEvents<ReplyStreamEvent>(response, replyEventNames);
}
