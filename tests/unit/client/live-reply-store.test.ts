import { beforeEach, describe, expect, it } from "vitest";
import { useLiveReplyStore } from "@/lib/client/live-reply-store";

const chatId = "33333333-3333-4333-8333-333333333333";
const textOf = () => useLiveReplyStore.getState().replies[chatId]?.text;

beforeEach(() => {
  useLiveReplyStore.getState().finish(chatId);
  useLiveReplyStore.getState().begin(chatId, { userText: null, retryOf: null });
  useLiveReplyStore.getState().update(chatId, { text: "Hello" });
});

describe("a live reply's text, placed by the offsets of its deltas", () => {
  it("appends a delta that starts where the text ends", () => {
    expect(useLiveReplyStore.getState().appendAt(chatId, " there", 5)).toBe(true);
    expect(textOf()).toBe("Hello there");
  });

  it("drops what a delta repeats of the text so far, and a delta wholly repeated", () => {
    expect(useLiveReplyStore.getState().appendAt(chatId, "lo there", 3)).toBe(true);
    expect(textOf()).toBe("Hello there");
    expect(useLiveReplyStore.getState().appendAt(chatId, "Hel", 0)).toBe(true);
    expect(textOf()).toBe("Hello there");
  });

  it("refuses a delta that starts past the end (something was missed), and adds nothing", () => {
    expect(useLiveReplyStore.getState().appendAt(chatId, "world", 7)).toBe(false);
    expect(textOf()).toBe("Hello");
  });
});
