import type { ChatMessage } from "@/lib/chat/types";
import type { LiveReply } from "./live-reply-store";

const pendingUserMessageId = "pending-user-message";
const pendingAssistantMessageId = "pending-assistant-message";

/** The stored messages with the live reply laid over them (its copies win while it streams). */
export function listDisplayMessages(stored: ChatMessage[], live: LiveReply | undefined): ChatMessage[] {
  if (!live) return stored;
  const replacedIds = new Set([live.retryOf, live.assistantMessageId, live.userText === null ? null : live.userMessageId]);
  const messages = stored.filter((message) => !replacedIds.has(message.id));
  const now = new Date().toISOString();
  if (live.userText !== null) {
    messages.push({
      id: live.userMessageId ?? pendingUserMessageId,
      role: "user",
      content: live.userText,
      model: null,
      status: "complete",
      createdAt: now,
    });
  }
  messages.push({
    id: live.assistantMessageId ?? pendingAssistantMessageId,
    role: "assistant",
    content: live.text,
    model: null,
    status: live.status,
    createdAt: now,
    memories: live.memories,
  });
  return messages;
}
