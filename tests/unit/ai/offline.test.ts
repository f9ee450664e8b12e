import { describe, expect, it } from "vitest";
import { composeOfflineReply, createOfflineProvider } from "@/lib/ai/offline";
import type { StreamEvent } from "@/lib/ai/types";

const messages = [{ role: "user" as const, content: "How do I back up my postgres database?" }];

describe("offline model", () => {
  it("says it is offline and restates the question", () => {
    const reply = composeOfflineReply(messages);
    expect(reply).toContain("offline model");
    expect(reply).toContain("How do I back up my postgres database?");
  });

  it("does not count the memories' context message as one of the person's turns", () => {
    const memory = { chatTitle: "Backups", snippet: "I use pg_dump nightly", createdAt: "2026-11-20T10:00:00.000Z" };
    const reply = composeOfflineReply([{ role: "user", content: "Context for my next message: <memories>…</memories>" }, ...messages], [memory]);
    expect(reply).toContain("This is the first message of this chat.");
    expect(reply).toContain("How do I back up my postgres database?");
    expect(reply).toContain("I use pg_dump nightly");
  });

  it("is deterministic", () => {
    expect(composeOfflineReply(messages)).toBe(composeOfflineReply(messages));
  });

  it("streams the reply word by word, joining back to exactly the reply, then reports usage", async () => {
    const provider = createOfflineProvider({ wordDelayMs: 0 });
    const events: StreamEvent[] = [];
    for await (const event of provider.stream({ model: "offline", messages, maxOutputTokens: 100, signal: new AbortController().signal })) {
      events.push(event);
    }
    const deltas = events.flatMap((event) => (event.type === "delta" ? [event.text] : []));
    expect(deltas.length).toBeGreaterThan(20);
    expect(deltas.join("")).toBe(composeOfflineReply(messages));
    const finish = events.at(-1);
    expect(finish).toMatchObject({ type: "finish", reason: "stop" });
    expect(finish?.type === "finish" && finish.usage?.outputTokens).toBeGreaterThan(0);
  });

  it("stops when its signal aborts", async () => {
    const provider = createOfflineProvider({ wordDelayMs: 1 });
    const controller = new AbortController();
    let words = 0;
    await expect(async () => {
      for await (const event of provider.stream({ model: "offline", messages, maxOutputTokens: 100, signal: controller.signal })) {
        if (event.type === "delta" && ++words === 5) controller.abort();
      }
    }).rejects.toThrow();
    expect(words).toBe(5);
  });

  it("quotes long questions only in part", () => {
    const reply = composeOfflineReply([{ role: "user", content: "word ".repeat(2000) }]);
    expect(reply.length).toBeLessThan(1200);
    expect(reply).toContain("…");
  });
});
