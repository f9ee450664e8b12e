import { describe, expect, it } from "vitest";
import type { ChatMessage } from "@/lib/chat/types";
import { listDisplayMessages } from "@/lib/client/display-messages";
import type { LiveReply } from "@/lib/client/live-reply-store";

const stored = (id: string, role: ChatMessage["role"], parentId: string | null): ChatMessage => ({
  id,
  parentId,
  siblingIds: [id],
  role,
  content: `text of ${id}`,
  model: null,
  status: "complete",
  createdAt: "2026-12-02T00:00:00.000Z",
});
const branch = [stored("q1", "user", null), stored("a1", "assistant", "q1"), stored("q2", "user", "a1"), stored("a2", "assistant", "q2")];
const live = (changes: Partial<LiveReply>): LiveReply => ({
  userText: null,
  userMessageId: null,
  assistantMessageId: null,
  retryOf: null,
  editOf: null,
  text: "",
  status: "streaming",
  memories: [],
  ...changes,
});

describe("the live reply laid over the current branch", () => {
  it("a new message follows the branch", () => {
    const shown = listDisplayMessages(branch, live({ userText: "q3 text", userMessageId: "q3", assistantMessageId: "a3", text: "Partly" }));
    expect(shown.map((message) => message.id)).toEqual(["q1", "a1", "q2", "a2", "q3", "a3"]);
    expect(shown.at(-1)).toMatchObject({ parentId: "q3", content: "Partly", status: "streaming" });
  });

  it("an edit takes the edited message's place, and what followed it is hidden", () => {
    const shown = listDisplayMessages(branch, live({ userText: "q2, edited", editOf: "q2" }));
    expect(shown.map((message) => [message.id, message.parentId])).toEqual([
      ["q1", null],
      ["a1", "q1"],
      ["pending-user-message", "a1"],
      ["pending-assistant-message", "pending-user-message"],
    ]);
    expect(shown[2]?.content).toBe("q2, edited");
  });

  it("a regenerated reply takes the old reply's place, even an earlier one", () => {
    const shown = listDisplayMessages(branch, live({ retryOf: "a1", userMessageId: "q1", assistantMessageId: "a1b" }));
    expect(shown.map((message) => message.id)).toEqual(["q1", "a1b"]);
  });

  it("without a live reply, the stored branch as it is", () => {
    expect(listDisplayMessages(branch, undefined)).toBe(branch);
  });
});
