import { beforeAll, describe, expect, it } from "vitest";
import { expectError, type Person } from "../support/client";
import { eventually, sendChat, storedMessages } from "../support/chat";
import { database, setUpAppServer } from "../support/route-suite";

const app = setUpAppServer();
let alice: Person;
let bob: Person;

beforeAll(async () => {
  alice = await app.client.signUp("Alice");
  bob = await app.client.signUp("Bob");
});

/** The in-process worker embeds in the background; wait until it has caught up. */
async function embeddingsSettled() {
  const pg = await database();
  const open = await eventually(
    async () => (await pg.query<{ n: number }>("select count(*)::int as n from private.jobs where status in ('pending', 'running')")).rows[0]!.n,
    (n) => n === 0,
    15_000,
  );
  expect(open).toBe(0);
}

const search = (person: Person | null, body: unknown) => app.client.call("/api/memory/search", { method: "POST", as: person, body });

describe("POST /api/memory/search", () => {
  it("finds Alice's past messages by meaning, with chat title, snippet and similarity", async () => {
    const { meta } = await sendChat(app.client, alice, { message: "Here is my nightly postgres backup script using pg_dump and gzip" });
    await embeddingsSettled();
    const response = await search(alice, { query: "that postgres backup script we talked about" });
    expect(response.status).toBe(200);
    const [best] = response.json.results;
    expect(best).toEqual({
      source: "message",
      messageId: meta.userMessageId,
      chatId: meta.chatId,
      chatTitle: "Here is my nightly postgres backup script using pg_dump and…",
      role: "user",
      snippet: "Here is my nightly postgres backup script using pg_dump and gzip",
      similarity: expect.any(Number),
      createdAt: expect.any(String),
    });
    expect(best.similarity).toBeGreaterThan(0.3);
  });

  it("ranks the one message sharing distinctive words first among many distractors", async () => {
    const carol = await app.client.signUp("Carol");
    const topics = ["pasta recipes", "marathon training", "garden tomatoes", "javascript closures", "tax forms", "guitar chords", "bird watching", "train timetables"];
    const pg = await database();
    const chatId = (await pg.query<{ id: string }>("insert into chats (user_id, title) values ($1, 'Distractors') returning id", [carol.id])).rows[0]!.id;
    for (let index = 0; index < 80; index++) {
      const topic = topics[index % topics.length];
      await pg.query("insert into messages (chat_id, user_id, role, content) values ($1, $2, 'user', $3)", [chatId, carol.id, `Note ${index} about ${topic} and everyday things`]);
    }
    const target = (
      await pg.query<{ id: string }>("insert into messages (chat_id, user_id, role, content) values ($1, $2, 'user', $3) returning id", [
        chatId,
        carol.id,
        "The zeppelin hangar inventory spreadsheet lives on the shared drive",
      ])
    ).rows[0]!.id;
    await embeddingsSettled();
    const response = await search(carol, { query: "where is the zeppelin hangar spreadsheet", limit: 5 });
    expect(response.json.results[0]?.messageId).toBe(target);
  });

  it("Bob never sees Alice's messages, whatever he types, even identical text", async () => {
    await sendChat(app.client, alice, { message: "Alice's private note about the orchid greenhouse alarm code" });
    await sendChat(app.client, bob, { message: "Alice's private note about the orchid greenhouse alarm code" });
    await embeddingsSettled();
    for (const query of ["orchid greenhouse alarm code", "Alice", "postgres backup script", "*"]) {
      const response = await search(bob, { query, limit: 50 });
      expect(response.status).toBe(200);
      const pg = await database();
      for (const result of response.json.results) {
        const owner = await pg.query<{ user_id: string }>("select user_id from messages where id = $1", [result.messageId]);
        expect(owner.rows[0]?.user_id).toBe(bob.id);
      }
    }
  });

  it("a query with no words to embed finds nothing, rather than everything with no similarity", async () => {
    await sendChat(app.client, alice, { message: "The heron came back to the pond this morning" });
    await embeddingsSettled();
    for (const query of ["*", "?!", "…"]) {
      const response = await search(alice, { query, limit: 50 });
      expect(response.status).toBe(200);
      expect(response.json.results, query).toEqual([]);
    }
  });

  it.each([
    ["an empty query", { query: "" }],
    ["a blank query", { query: "   " }],
    ["a 2001-character query", { query: "x".repeat(2001) }],
    ["limit 0", { query: "hi", limit: 0 }],
    ["limit 51", { query: "hi", limit: 51 }],
    ["an unknown field", { query: "hi", userId: "someone" }],
  ])("%s is 400", async (_case, body) => {
    expectError(await search(alice, body), 400, "invalid_input");
  });

  it("without an identity it is 401", async () => {
    expectError(await search(null, { query: "hi" }), 401, "unauthorized");
  });
});

describe("replies that remember", () => {
  it("a reply in a new chat is given the relevant memory from another chat, records it and quotes it", async () => {
    const dana = await app.client.signUp("Dana");
    const earlier = await sendChat(app.client, dana, { message: "My sourdough starter is called Bubbles and lives in the fridge" });
    await embeddingsSettled();

    const { meta, text } = await sendChat(app.client, dana, { message: "What is my sourdough starter called?" });
    expect(meta.chatId).not.toBe(earlier.meta.chatId);
    const memories = (meta as unknown as { memories: { messageId: string; chatId: string }[] }).memories;
    expect(memories.map((memory) => memory.messageId)).toContain(earlier.meta.userMessageId);
    expect(memories.every((memory) => memory.chatId !== meta.chatId)).toBe(true);
    expect(text).toContain("From your memory");
    expect(text).toContain("Bubbles");

    const chat = await app.client.call(`/api/chats/${meta.chatId}`, { as: dana });
    expect(chat.json.messages[1].memories[0]).toMatchObject({ messageId: earlier.meta.userMessageId, chatId: earlier.meta.chatId });
    expect((await storedMessages(meta.chatId))[1]?.status).toBe("complete");
  });

  it("a reply never draws on another user's memory", async () => {
    await sendChat(app.client, alice, { message: "The secret launch codeword is PERIWINKLE" });
    await embeddingsSettled();
    const { meta, text } = await sendChat(app.client, bob, { message: "What is the secret launch codeword?" });
    expect((meta as unknown as { memories: unknown[] }).memories).toEqual([]);
    expect(text).not.toContain("PERIWINKLE");
  });
});

describe("health", () => {
  it("reports the embedding backlog", async () => {
    const response = await app.client.call("/api/health");
    expect(response.json.checks.embeddings).toMatchObject({ status: "ok", model: "offline-hash", pending: expect.any(Number), dead: 0 });
  });
});

describe("memory off", () => {
  it("means no retrieval: the reply gets no memories", async () => {
    const gail = await app.client.signUp("Gail");
    await sendChat(app.client, gail, { message: "My locker combination is 31-07-42 at the climbing gym" });
    await embeddingsSettled();
    const off = await app.client.call("/api/settings", { method: "PATCH", as: gail, body: { memoryEnabled: false } });
    expect(off.status).toBe(200);
    const { meta, text } = await sendChat(app.client, gail, { message: "What is my climbing gym locker combination?" });
    expect((meta as unknown as { memories: unknown[] }).memories).toEqual([]);
    expect(text).not.toContain("From your memory");
  });
});
