import { beforeAll, describe, expect, it } from "vitest";
import { sendChat } from "../support/chat";
import { expectError, type Person } from "../support/client";
import { database, setUpAppServer } from "../support/route-suite";

const app = setUpAppServer();
let alice: Person;
let bob: Person;
let aliceChat: { chatId: string; userMessageId: string; assistantMessageId: string };

beforeAll(async () => {
  alice = await app.client.signUp("Alice");
  bob = await app.client.signUp("Bob");
  aliceChat = (await sendChat(app.client, alice, { message: "Tell me about tides" })).meta;
});

interface FeedbackRow {
  id: string;
  user_id: string;
  kind: string;
  rating: number | null;
  page: string | null;
  message_id: string | null;
  vote: string | null;
  comment: string | null;
  user_agent: string | null;
  created_at: Date;
}

async function feedbackRows(userId: string): Promise<FeedbackRow[]> {
  const pg = await database();
  return (await pg.query<FeedbackRow>("select * from feedback where user_id = $1 order by created_at", [userId])).rows;
}

const post = (person: Person, body: unknown, headers: Record<string, string> = {}) =>
  app.client.call("/api/feedback", { method: "POST", as: person, body, headers });

const votesOn = async (person: Person, chatId: string) =>
  (await app.client.call(`/api/chats/${chatId}`, { as: person })).json.messages.map((message: { role: string; vote?: string }) => [message.role, message.vote]);

describe("feedback from the widget", () => {
  it("Alice rates a page: the row holds the rating, comment, page, user agent and time", async () => {
    const dave = await app.client.signUp("Dave");
    const response = await post(dave, { rating: 4, comment: "  Fast, but the sidebar is cramped.  ", page: "/chat/abc" }, { "user-agent": "FeedbackTest/1.0" });
    expect(response.status).toBe(201);
    expect(response.json).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/) });

    const [row] = await feedbackRows(dave.id);
    expect(row).toMatchObject({
      id: response.json.id,
      kind: "rating",
      rating: 4,
      comment: "Fast, but the sidebar is cramped.",
      page: "/chat/abc",
      message_id: null,
      vote: null,
      user_agent: "FeedbackTest/1.0",
    });
    expect(Date.now() - row!.created_at.getTime()).toBeLessThan(60_000);
  });

  it("a rating without comment or page is fine", async () => {
    expect((await post(alice, { rating: 1 })).status).toBe(201);
  });

  it.each([
    ["no rating", { comment: "hi" }],
    ["a rating of 0", { rating: 0 }],
    ["a rating of 6", { rating: 6 }],
    ["a fractional rating", { rating: 3.5 }],
    ["a comment over 2000 characters", { rating: 3, comment: "x".repeat(2001) }],
    ["a page that is not a path", { rating: 3, page: "https://evil.example" }],
    ["a comment with a NUL character", { rating: 3, comment: "fine\u0000" }],
    ["a page with a NUL character", { rating: 3, page: "/chat\u0000" }],
    ["an unknown field", { rating: 3, email: "a@b.c" }],
    ["a rating and a vote at once", { rating: 3, messageId: crypto.randomUUID(), vote: "up" }],
    ["a vote that is not up or down", { messageId: crypto.randomUUID(), vote: "meh" }],
    ["a message id that is not a UUID", { messageId: "42", vote: "up" }],
    ["an empty body", {}],
  ])("%s is 400 and stores nothing", async (_case, body) => {
    const before = (await feedbackRows(alice.id)).length;
    expectError(await post(alice, body), 400, "invalid_input");
    expect(await feedbackRows(alice.id)).toHaveLength(before);
  });

  it("without an identity it is 401", async () => {
    expectError(await app.client.call("/api/feedback", { method: "POST", body: { rating: 5 } }), 401, "unauthorized");
  });
});

describe("votes on replies", () => {
  it("Alice votes down with a comment, changes to up, then withdraws: one row at a time, shown on the chat", async () => {
    const { chatId, assistantMessageId } = aliceChat;
    const down = await post(alice, { messageId: assistantMessageId, vote: "down", comment: "Too vague" }, { "user-agent": "VoteTest/2" });
    expect(down.status).toBe(201);
    let votes = (await feedbackRows(alice.id)).filter((row) => row.kind === "vote");
    expect(votes).toEqual([
      expect.objectContaining({ id: down.json.id, message_id: assistantMessageId, vote: "down", comment: "Too vague", user_agent: "VoteTest/2", rating: null, page: null }),
    ]);
    expect(await votesOn(alice, chatId)).toEqual([["user", undefined], ["assistant", "down"]]);

    const up = await post(alice, { messageId: assistantMessageId, vote: "up" });
    expect(up.status).toBe(201);
    expect(up.json.id).toBe(down.json.id);
    votes = (await feedbackRows(alice.id)).filter((row) => row.kind === "vote");
    expect(votes).toEqual([expect.objectContaining({ vote: "up", comment: null })]);
    expect(await votesOn(alice, chatId)).toEqual([["user", undefined], ["assistant", "up"]]);

    const withdrawn = await app.client.call(`/api/feedback/votes/${assistantMessageId}`, { method: "DELETE", as: alice });
    expect(withdrawn.status).toBe(204);
    expect((await feedbackRows(alice.id)).filter((row) => row.kind === "vote")).toEqual([]);
    expect(await votesOn(alice, chatId)).toEqual([["user", undefined], ["assistant", undefined]]);
    // Withdrawing again leaves the same state.
    expect((await app.client.call(`/api/feedback/votes/${assistantMessageId}`, { method: "DELETE", as: alice })).status).toBe(204);
  });

  it("a vote on Alice's own question (not a reply) or on a message that does not exist is 404", async () => {
    expectError(await post(alice, { messageId: aliceChat.userMessageId, vote: "up" }), 404, "not_found");
    expectError(await post(alice, { messageId: crypto.randomUUID(), vote: "up" }), 404, "not_found");
  });

  it("deleting the chat takes its votes with it", async () => {
    const { meta } = await sendChat(app.client, alice, { message: "Short-lived" });
    expect((await post(alice, { messageId: meta.assistantMessageId, vote: "up" })).status).toBe(201);
    expect((await app.client.call(`/api/chats/${meta.chatId}`, { method: "DELETE", as: alice })).status).toBe(204);
    expect((await feedbackRows(alice.id)).some((row) => row.message_id === meta.assistantMessageId)).toBe(false);
  });
});

describe("Bob and Alice's replies", () => {
  it("Bob cannot vote on, or withdraw a vote from, Alice's reply: 404, and her vote stays", async () => {
    const { assistantMessageId } = aliceChat;
    expect((await post(alice, { messageId: assistantMessageId, vote: "up" })).status).toBe(201);
    const before = await feedbackRows(alice.id);

    expectError(await post(bob, { messageId: assistantMessageId, vote: "down" }), 404, "not_found");
    expectError(await app.client.call(`/api/feedback/votes/${assistantMessageId}`, { method: "DELETE", as: bob }), 404, "not_found");

    expect(await feedbackRows(alice.id)).toEqual(before);
    expect(await feedbackRows(bob.id)).toEqual([]);
  });

  it("Bob's chat read never shows Alice's votes", async () => {
    const { meta } = await sendChat(app.client, bob, { message: "Bob's question" });
    expect(await votesOn(bob, meta.chatId)).toEqual([["user", undefined], ["assistant", undefined]]);
  });
});
