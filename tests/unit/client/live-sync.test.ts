import { QueryClient } from "@tanstack/react-query";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ChatList, ChatWithMessages } from "@/lib/chat/types";
import { useLiveReplyStore } from "@/lib/client/live-reply-store";
import { queryKeys } from "@/lib/client/query-keys";
import { toChangeEvent } from "@/lib/client/supabase-changes";
import { createInvalidator } from "@/lib/client/use-live-sync";

const listedId = "11111111-1111-4111-8111-111111111111";
const otherId = "22222222-2222-4222-8222-222222222222";
const chat = { id: listedId, title: "Plans", temporary: false, inMemory: true, pinned: false, archived: false, createdAt: "2026-11-25T00:00:00Z", updatedAt: "2026-11-25T00:00:00Z" };

let queryClient: QueryClient;
const isStale = (queryKey: readonly unknown[]) => queryClient.getQueryState(queryKey)?.isInvalidated ?? false;

beforeEach(() => {
  vi.useFakeTimers();
  queryClient = new QueryClient();
  queryClient.setQueryData<{ pages: ChatList[]; pageParams: (string | null)[] }>(queryKeys.chats, {
    pages: [{ chats: [chat], nextCursor: null }],
    pageParams: [null],
  });
  queryClient.setQueryData<ChatWithMessages>(queryKeys.chat(listedId), { chat, messages: [], nextBefore: null });
  queryClient.setQueryData<ChatWithMessages>(queryKeys.chat(otherId), { chat: { ...chat, id: otherId }, messages: [], nextBefore: null });
});
afterEach(() => {
  vi.useRealTimers();
  useLiveReplyStore.setState({ replies: {} });
});

describe("live sync invalidations", () => {
  it("a change to a chat refreshes the list and that chat, once per batch", async () => {
    const { handlers } = createInvalidator(queryClient);
    const invalidate = vi.spyOn(queryClient, "invalidateQueries");
    handlers.onChange({ table: "chats", type: "UPDATE", id: listedId, chatId: listedId });
    handlers.onChange({ table: "messages", type: "INSERT", id: otherId, chatId: listedId });
    expect(invalidate).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(200);
    expect(invalidate).toHaveBeenCalledTimes(2);
    expect(isStale(queryKeys.chats)).toBe(true);
    expect(isStale(queryKeys.chat(listedId))).toBe(true);
    expect(isStale(queryKeys.chat(otherId))).toBe(false);
  });

  it("skips the chat this tab is streaming a reply into, but still refreshes the list", async () => {
    useLiveReplyStore.getState().begin(listedId, { userText: "hello", retryOf: null });
    const { handlers } = createInvalidator(queryClient);
    handlers.onChange({ table: "messages", type: "UPDATE", id: otherId, chatId: listedId });
    handlers.onChange({ table: "chats", type: "UPDATE", id: listedId, chatId: listedId });
    await vi.advanceTimersByTimeAsync(200);
    expect(isStale(queryKeys.chat(listedId))).toBe(false);
    expect(isStale(queryKeys.chats)).toBe(true);
  });

  it("ignores the deletion of a chat this tab never saw (Supabase cannot filter DELETEs by owner)", async () => {
    const { handlers } = createInvalidator(queryClient);
    const unseen = "33333333-3333-4333-8333-333333333333";
    handlers.onChange({ table: "chats", type: "DELETE", id: unseen, chatId: unseen });
    await vi.advanceTimersByTimeAsync(200);
    expect(isStale(queryKeys.chats)).toBe(false);
  });

  it("refreshes every chat when the event does not name one", async () => {
    const { handlers } = createInvalidator(queryClient);
    handlers.onChange({ table: "messages", type: "DELETE", id: otherId, chatId: null });
    await vi.advanceTimersByTimeAsync(200);
    expect([isStale(queryKeys.chat(listedId)), isStale(queryKeys.chat(otherId)), isStale(queryKeys.chats)]).toEqual([true, true, false]);
  });

  it("refreshes the list and every chat after a reconnect, when events may have been missed", async () => {
    const { handlers } = createInvalidator(queryClient);
    handlers.onResync();
    await vi.advanceTimersByTimeAsync(200);
    expect([isStale(queryKeys.chat(listedId)), isStale(queryKeys.chat(otherId)), isStale(queryKeys.chats)]).toEqual([true, true, true]);
  });
});

describe("Supabase Realtime payloads", () => {
  const base = { schema: "public", commit_timestamp: "2026-11-25T00:00:00Z", errors: [] };
  const userId = "44444444-4444-4444-8444-444444444444";

  it("become change events with the row's chat", () => {
    expect(toChangeEvent("messages", { ...base, table: "messages", eventType: "INSERT", new: { id: otherId, chat_id: listedId, user_id: userId }, old: {} })).toEqual({
      table: "messages",
      type: "INSERT",
      id: otherId,
      chatId: listedId,
    });
    expect(toChangeEvent("chats", { ...base, table: "chats", eventType: "UPDATE", new: { id: listedId, user_id: userId }, old: {} })).toEqual({
      table: "chats",
      type: "UPDATE",
      id: listedId,
      chatId: listedId,
    });
  });

  it("a message DELETE, which Realtime sends every subscriber with only its id, is dropped; a chat DELETE is kept", () => {
    expect(toChangeEvent("messages", { ...base, table: "messages", eventType: "DELETE", new: {}, old: { id: otherId } })).toBeNull();
    expect(toChangeEvent("chats", { ...base, table: "chats", eventType: "DELETE", new: {}, old: { id: otherId } })).toEqual({
      table: "chats",
      type: "DELETE",
      id: otherId,
      chatId: otherId,
    });
  });
});
