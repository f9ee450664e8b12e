import type { ChatMessage } from "@/lib/chat/types";
import type { LiveReply } from "./live-reply-store";

const pendingUserMessageId = "pending-user-message";
const pendingAssistantMessageId = "pending-assistant-message";

/**
 * The stored messages with the live reply laid over them (its copies win while it streams). An
 * edit or a regenerated reply takes the place of the message it is a version of, and what followed
 * that message belongs to another branch from then on.
 */
export function listDisplayMessages(stored: ChatMessage[], live: LiveReply | undefined): ChatMessage[] {
  if (!live) return stored;
  const replaced = live.editOf ?? live.retryOf;
  const replacedAt = replaced ? stored.findIndex((message) => message.id === replaced) : -1;
  const before = replacedAt >= 0 ? stored.slice(0, replacedAt) : stored;
  const liveIds = new Set([live.assistantMessageId, live.userText === null ? null : live.userMessageId]);
  const messages = before.filter((message) => !liveIds.has(message.id));
  const now = new Date().toISOString();
  if (live.userText !== null) {
    const id = live.userMessageId ?? pendingUserMessageId;
    messages.push({ id, parentId: messages.at(-1)?.id ?? null, siblingIds: [id], role: "user", content: live.userText, model: null, status: "complete", createdAt: now });
  }
  const id = live.assistantMessageId ?? pendingAssistantMessageId;
  messages.push({
    id,
    parentId: messages.at(-1)?.id ?? null,
    siblingIds: [id],
    role: "assistant",
    content: live.text,
    model: null,
    status: live.status,
    createdAt: now,
    memories: live.memories,
  });
  return messages;
}
