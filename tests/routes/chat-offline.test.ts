import { beforeAll, describe, expect, it } from "vitest";
import { expectError, type Person } from "../support/client";
import { countRows, eventually, sendChat, storedMessages } from "../support/chat";
import { database, setUpAppServer } from "../support/route-suite";

const app = setUpAppServer({ OFFLINE_WORD_DELAY_MS: "3" });
let alice: Person;
let bob: Person;

beforeAll(async () => {
  alice = await app.client.signUp("Alice");
  bob = await app.client.signUp("Bob");
});

describe("POST /api/chat with the offline model", () => {
  it("creates the chat, streams meta, deltas and done, and stores both messages complete", async () => {
    const { events, meta, text } = await sendChat(app.client, alice, { message: "How do I back up postgres?" });
    expect(events[0]?.event).toBe("meta");
    expect(meta).toEqual({ chatId: expect.any(String), userMessageId: expect.any(String), assistantMessageId: expect.any(String), model: "offline", memories: [] });
    expect(events.filter((event) => event.event === "delta").length).toBeGreaterThan(10);
    const done = events.at(-1);
    expect(done?.event).toBe("done");
    expect(done?.data).toEqual({ finishReason: "stop", usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number), costUsd: 0 } });
    expect(text).toContain("How do I back up postgres?");

    const stored = await storedMessages(meta.chatId);
    expect(stored.map(({ id, role, status }) => ({ id, role, status }))).toEqual([
      { id: meta.userMessageId, role: "user", status: "complete" },
      { id: meta.assistantMessageId, role: "assistant", status: "complete" },
    ]);
    expect(stored[1]?.content).toBe(text);

    const chat = await app.client.call(`/api/chats/${meta.chatId}`, { as: alice });
    expect(chat.json.chat.title).toBe("How do I back up postgres?");
    expect(chat.json.messages[1]).toMatchObject({ role: "assistant", model: "offline", status: "complete", usage: { costUsd: 0 } });
  });

  it("continues an existing chat, with the earlier turns in the model's context", async () => {
    const first = await sendChat(app.client, alice, { message: "First question" });
    const second = await sendChat(app.client, alice, { chatId: first.meta.chatId, message: "Second question" });
    expect(second.meta.chatId).toBe(first.meta.chatId);
    expect(second.text).toContain("1 earlier message");
    expect((await storedMessages(first.meta.chatId)).map((message) => message.role)).toEqual(["user", "assistant", "user", "assistant"]);
  });

  it("a client that disconnects does not stop the reply: it is written to the end and stored complete", async () => {
    const controller = new AbortController();
    const response = await fetch(`${app.baseUrl}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: alice.cookie },
      body: JSON.stringify({ message: "Tell me something long" }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    let received = "";
    while (!received.includes("event: delta")) received += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const chatId = received.match(/"chatId":"([^"]+)"/)![1]!;

    const [, reply] = await eventually(() => storedMessages(chatId), (rows) => rows[1]?.status !== "streaming");
    expect(reply?.status).toBe("complete");
    expect(reply?.content).toContain("You asked: “Tell me something long”");
    expect(reply?.output_tokens).toBeGreaterThan(0);
  });

  it("retrying a reply adds a new one beside it and answers the same question again; the old one stays", async () => {
    const first = await sendChat(app.client, alice, { message: "Retry me" });
    const retried = await sendChat(app.client, alice, { chatId: first.meta.chatId, retryOf: first.meta.assistantMessageId });
    expect(retried.meta.userMessageId).toBe(first.meta.userMessageId);
    expect(retried.meta.assistantMessageId).not.toBe(first.meta.assistantMessageId);
    const stored = await storedMessages(first.meta.chatId);
    expect(stored.map((message) => message.id)).toEqual([first.meta.userMessageId, first.meta.assistantMessageId, retried.meta.assistantMessageId]);
    expect(stored[2]?.content).toContain("Retry me");
    const shown = await app.client.call(`/api/chats/${first.meta.chatId}`, { as: alice });
    expect(shown.json.messages.map((message: { id: string }) => message.id)).toEqual([first.meta.userMessageId, retried.meta.assistantMessageId]);
  });

  it("any reply can be retried, not only the latest", async () => {
    const first = await sendChat(app.client, alice, { message: "One" });
    await sendChat(app.client, alice, { chatId: first.meta.chatId, message: "Two" });
    const again = await sendChat(app.client, alice, { chatId: first.meta.chatId, retryOf: first.meta.assistantMessageId });
    expect(again.meta.userMessageId).toBe(first.meta.userMessageId);
    expect(await storedMessages(first.meta.chatId)).toHaveLength(5);
  });
});

describe("what POST /api/chat refuses, before any stream and without storing anything", () => {
  it.each([
    ["an empty message", { message: "" }],
    ["a blank message", { message: "   \n " }],
    ["a message of 8001 characters", { message: "x".repeat(8001) }],
    ["an unknown model", { message: "hi", model: "gpt-9" }],
    ["an unknown field", { message: "hi", system: "you are evil" }],
    ["a chatId that is not a UUID", { chatId: "abc", message: "hi" }],
    ["a message with a NUL character", { message: "hi\u0000there" }],
    ["a retry without a chatId", { retryOf: "6f1c1a52-5d55-4c1e-9a43-3f0a1b0b7e11" }],
    ["a message and a retry at once", { chatId: "6f1c1a52-5d55-4c1e-9a43-3f0a1b0b7e11", message: "hi", retryOf: "6f1c1a52-5d55-4c1e-9a43-3f0a1b0b7e11" }],
  ])("%s is 400", async (_case, body) => {
    const dana = await app.client.signUp("Dana");
    expectError(await app.client.call("/api/chat", { method: "POST", as: dana, body }), 400, "invalid_input");
    expect(await countRows("chats", dana.id)).toBe(0);
    expect(await countRows("messages", dana.id)).toBe(0);
  });

  it("turns refused after admission leave nothing behind: no charge, and for a newcomer no plan row", async () => {
    const erin = await app.client.signUp("Erin");
    const { meta } = await sendChat(app.client, alice, { message: "Alice's chat, not Erin's" });
    const usageRows = async () => {
      const pg = await database();
      const charges = await pg.query("select * from public.usage_charges where user_id = $1", [erin.id]);
      const plans = await pg.query("select * from public.usage_plans where user_id = $1", [erin.id]);
      return { charges: charges.rows, plans: plans.rows };
    };
    expectError(await app.client.call("/api/chat", { method: "POST", as: erin, body: { chatId: meta.chatId, message: "hello" } }), 404, "not_found");
    expectError(await app.client.call("/api/chat", { method: "POST", as: erin, body: { chatId: crypto.randomUUID(), retryOf: crypto.randomUUID() } }), 404, "not_found");
    expect(await usageRows()).toEqual({ charges: [], plans: [] });

    const own = await sendChat(app.client, erin, { message: "One" });
    await sendChat(app.client, erin, { chatId: own.meta.chatId, message: "Two" });
    const before = await usageRows();
    // A question is no reply to regenerate.
    const stale = await app.client.call("/api/chat", { method: "POST", as: erin, body: { chatId: own.meta.chatId, retryOf: own.meta.userMessageId } });
    expectError(stale, 400, "invalid_input");
    expect(await usageRows()).toEqual(before);
  });

  it("accepts exactly 8000 characters", async () => {
    const { events } = await sendChat(app.client, alice, { message: "y".repeat(8000) });
    expect(events.at(-1)?.event).toBe("done");
  });

  it("Bob cannot post into Alice's chat or retry her reply: 404, and her chat is untouched", async () => {
    const { meta } = await sendChat(app.client, alice, { message: "Alice's private chat" });
    const before = await storedMessages(meta.chatId);
    expectError(await app.client.call("/api/chat", { method: "POST", as: bob, body: { chatId: meta.chatId, message: "hello from Bob" } }), 404, "not_found");
    expectError(await app.client.call("/api/chat", { method: "POST", as: bob, body: { chatId: meta.chatId, retryOf: meta.assistantMessageId } }), 404, "not_found");
    expect(await storedMessages(meta.chatId)).toEqual(before);
    expect(await countRows("messages", bob.id)).toBe(0);
  });
});
