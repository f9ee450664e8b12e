import { describe, expect, it } from "vitest";
import { groupMemoryResults } from "@/lib/client/group-memory-results";
import type { MemorySearchResult } from "@/lib/memory/types";

const hit = (messageId: string, chatId: string, similarity: number): MemorySearchResult => ({
  source: "message",
  messageId,
  chatId,
  chatTitle: `Chat ${chatId}`,
  role: "user",
  snippet: `snippet ${messageId}`,
  similarity,
  createdAt: "2026-03-03T10:00:00.000Z",
});

const passage = (documentId: string, page: number, similarity: number): MemorySearchResult => ({
  source: "document",
  documentId,
  documentName: `${documentId}.pdf`,
  passage: page - 1,
  page,
  section: null,
  snippet: `page ${page}`,
  similarity,
  createdAt: "2026-03-03T10:00:00.000Z",
});

describe("groupMemoryResults", () => {
  it("puts chats in the order of their best hit and keeps the ranking inside each chat", () => {
    const groups = groupMemoryResults([hit("m1", "b", 0.9), hit("m2", "a", 0.8), hit("m3", "b", 0.7), hit("m4", "a", 0.6)]);
    expect(groups.map((group) => group.kind === "chat" && [group.chatTitle, group.results.map((result) => result.messageId)])).toEqual([
      ["Chat b", ["m1", "m3"]],
      ["Chat a", ["m2", "m4"]],
    ]);
  });

  it("groups document passages by document among the chats, by best hit", () => {
    const groups = groupMemoryResults([passage("d", 2, 0.95), hit("m1", "a", 0.9), passage("d", 5, 0.8), passage("e", 1, 0.7)]);
    expect(groups.map((group) => (group.kind === "document" ? [group.documentName, group.results.map((result) => result.page)] : [group.chatTitle]))).toEqual([
      ["d.pdf", [2, 5]],
      ["Chat a"],
      ["e.pdf", [1]],
    ]);
  });

  it("gives no groups for no results", () => {
    expect(groupMemoryResults([])).toEqual([]);
  });
});
