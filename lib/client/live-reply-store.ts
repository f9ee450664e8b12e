import { create } from "zustand";
import type { MessageStatus } from "@/lib/chat/types";
import type { UsedMemory } from "@/lib/memory/types";

/** The chat key of a conversation that has no id until the server's `meta` event names it. */
export const newChatKey = "new";

/** A reply being streamed into a chat, shown on top of the stored messages until they catch up. */
export interface LiveReply {
  /** The text the person just sent; null when regenerating an earlier message. */
  userText: string | null;
  userMessageId: string | null;
  assistantMessageId: string | null;
  /** The stored reply this one is a new version of (shown in its place). */
  retryOf: string | null;
  /** The stored message `userText` is a new version of (shown in its place, the rest of its branch hidden). */
  editOf: string | null;
  text: string;
  status: MessageStatus;
  /** What the server recalled for this reply, from the stream's `meta` event. */
  memories: UsedMemory[];
}

interface LiveReplyState {
  replies: Record<string, LiveReply>;
  /** The API's explanation of failed replies, by assistant message id. */
  errorMessages: Record<string, string>;
  begin: (chatKey: string, reply: Pick<LiveReply, "userText" | "retryOf"> & Partial<Pick<LiveReply, "editOf">>) => void;
  update: (chatKey: string, changes: Partial<LiveReply>) => void;
  /**
   * Adds text that starts `offset` characters into the reply: what overlaps the text so far is
   * dropped. False (and nothing added) when it starts past the end: something was missed.
   */
  appendAt: (chatKey: string, text: string, offset: number) => boolean;
  moveToChat: (fromKey: string, chatId: string) => void;
  finish: (chatKey: string) => void;
  setErrorMessage: (messageId: string, message: string) => void;
}

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

export const useLiveReplyStore = create<LiveReplyState>()((set) => ({
  replies: {},
  errorMessages: {},
  begin: (chatKey, { userText, retryOf, editOf = null }) =>
    set((state) => ({
      replies: {
        ...state.replies,
        [chatKey]: { userText, retryOf, editOf, userMessageId: null, assistantMessageId: null, text: "", status: "streaming", memories: [] },
      },
    })),
  update: (chatKey, changes) =>
    set((state) => {
      const reply = state.replies[chatKey];
      return reply ? { replies: { ...state.replies, [chatKey]: { ...reply, ...changes } } } : state;
    }),
  appendAt: (chatKey, text, offset) => {
    let isContiguous = true;
    set((state) => {
      const reply = state.replies[chatKey];
      if (!reply) return state;
      if (offset > reply.text.length) {
        isContiguous = false;
        return state;
      }
      const added = text.slice(reply.text.length - offset);
      return added ? { replies: { ...state.replies, [chatKey]: { ...reply, text: reply.text + added } } } : state;
    });
    return isContiguous;
  },
  moveToChat: (fromKey, chatId) =>
    set((state) => {
      const reply = state.replies[fromKey];
      return reply ? { replies: { ...withoutKey(state.replies, fromKey), [chatId]: reply } } : state;
    }),
  finish: (chatKey) => set((state) => ({ replies: withoutKey(state.replies, chatKey) })),
  setErrorMessage: (messageId, message) =>
    set((state) => ({ errorMessages: { ...state.errorMessages, [messageId]: message } })),
}));
