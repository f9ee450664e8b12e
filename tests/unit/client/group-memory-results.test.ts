import { describe, expect, it } from "vitest";
import { groupMemoryResultsByChat } from "@/lib/client/group-memory-results";
import type { MemoryResult } from "@/lib/memory/types";

const hit = (messageId: string, chatId: string, similarity: number): MemoryResult => ({
  messageId,
  chatId,
  chatTitle: `Chat ${chatId}`,
  role: "user",
  snippet: `snippet ${messageId}`,
  similarity,
  createdAt: "2026-03-03T10:00:00.000Z",
});

describe("groupMemoryResultsByChat", () => {
  it("puts chats in the order of their best hit and keeps the ranking inside each chat", () => {
    const groups = groupMemoryResultsByChat([hit("m1", "b", 0.9), hit("m2", "a", 0.8), hit("m3", "b", 0.7), hit("m4", "a", 0.6)]);
    expect(groups.map((group) => [group.chatTitle, group.results.map((result) => result.messageId)])).toEqual([
      ["Chat b", ["m1", "m3"]],
      ["Chat a", ["m2", "m4"]],
    ]);
  });

  it("gives no groups for no results", () => {
    expect(groupMemoryResultsByChat([])).toEqual([]);
  });
});
