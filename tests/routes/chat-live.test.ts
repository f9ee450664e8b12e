import { createParser } from "eventsource-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { expectError, type Person } from "../support/client";
import { eventually, storedMessages } from "../support/chat";
import { database, setUpAppServer } from "../support/route-suite";
import { deltasOf, joinContiguous } from "../support/reply-deltas";

// Replies of the offline model last a few seconds at this pace: long enough to leave, stop and join mid-way.
const cronSecret = "live-replies-cron-secret-0123456789";
const app = setUpAppServer({ OFFLINE_WORD_DELAY_MS: "20", CRON_SECRET: cronSecret });
let alice: Person;
let bob: Person;

beforeAll(async () => {
  alice = await app.client.signUp("Alice");
  bob = await app.client.signUp("Bob");
});

// A question long enough that the reply quoting it takes about three seconds.
const longQuestion = `Tell me everything about ${"the long history of databases and the people who built them ".repeat(4)}`.trim();

interface Event {
  event: string;
  data: Record<string, unknown>;
}

/** An SSE response read as it arrives: `until` waits for an event, `close` leaves. */
async function openEvents(path: string, person: Person, init: { method?: string; body?: unknown } = {}) {
  const controller = new AbortController();
  const response = await fetch(`${app.baseUrl}${path}`, {
    method: init.method ?? "GET",
    headers: { cookie: person.cookie, ...(init.body ? { "content-type": "application/json" } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const events: Event[] = [];
  const waiters = new Set<() => void>();
  const parser = createParser({ onEvent: (message) => events.push({ event: message.event ?? "message", data: JSON.parse(message.data) }) });
  let ended = false;
  const reading = (async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.feed(value);
        for (const wake of waiters) wake();
      }
    } catch {
      // Closed by us.
    } finally {
      ended = true;
      for (const wake of waiters) wake();
    }
  })();
  const until = async (accept: (events: Event[]) => boolean) => {
    while (!accept(events) && !ended) await new Promise<void>((resolve) => waiters.add(resolve));
    waiters.clear();
    return events;
  };
  return {
    events,
    until,
    /** Every event to the end of the stream. */
    all: async () => {
      await reading;
      return events;
    },
    close: () => controller.abort(),
  };
}

const metaOf = (events: Event[]) => events.find((event) => event.event === "meta")!.data as { chatId: string; assistantMessageId: string };

async function chargesOf(messageId: string) {
  const pg = await database();
  return (await pg.query<{ status: string; input_tokens: number; output_tokens: number; cost: number }>(
    "select status, input_tokens::int, output_tokens::int, cost_micro_usd::int as cost from usage_charges where message_id = $1",
    [messageId],
  )).rows;
}

async function chatRequests(userId: string) {
  const pg = await database();
  const rows = await pg.query<{ requests: number }>("select coalesce(sum(requests), 0)::int as requests from usage_requests where user_id = $1 and route_group = 'chat'", [userId]);
  return rows.rows[0]!.requests;
}

/** A chat with a reply `streaming` whose writer is not this process (another instance, or one that died). */
async function insertStreamingReply(person: Person, { content = "", minutesAgo = 0 } = {}) {
  const pg = await database();
  const chat = await pg.query<{ id: string }>("insert into chats (user_id, title) values ($1, 'Written elsewhere') returning id", [person.id]);
  const chatId = chat.rows[0]!.id;
  await pg.query("insert into messages (chat_id, user_id, role, content, status) values ($1, $2, 'user', 'A question', 'complete')", [chatId, person.id]);
  const reply = await pg.query<{ id: string }>(
    "insert into messages (chat_id, user_id, role, content, status, model, updated_at) values ($1, $2, 'assistant', $3, 'streaming', 'offline', now() - make_interval(mins => $4)) returning id",
    [chatId, person.id, content, minutesAgo],
  );
  return { chatId, messageId: reply.rows[0]!.id };
}

describe("a reply does not depend on its client", () => {
  it("Carol leaves after the first words; the reply is written to the end, stored complete, charged and counted once", async () => {
    const carol = await app.client.signUp("Carol");
    const stream = await openEvents("/api/chat", carol, { method: "POST", body: { message: longQuestion } });
    await stream.until((events) => deltasOf(events).length > 0);
    stream.close();
    const { chatId, assistantMessageId } = metaOf(stream.events);

    const [, reply] = await eventually(() => storedMessages(chatId), (rows) => rows[1]?.status !== "streaming", 15_000);
    expect(reply).toMatchObject({ id: assistantMessageId, status: "complete", error_code: null });
    expect(reply!.content).toContain("You asked:");
    expect(reply!.content).toMatch(/and restart\.$/);
    expect(reply!.output_tokens).toBeGreaterThan(0);
    const charges = await eventually(() => chargesOf(assistantMessageId), (rows) => rows[0]?.status === "settled");
    expect(charges).toEqual([{ status: "settled", input_tokens: reply!.input_tokens, output_tokens: reply!.output_tokens, cost: 0 }]);
    expect(await chatRequests(carol.id)).toBe(1);
  });

  it("deltas carry their offset, contiguous from 0 to the stored reply", async () => {
    const stream = await openEvents("/api/chat", alice, { method: "POST", body: { message: "Count the characters" } });
    const events = await stream.all();
    const text = joinContiguous("", deltasOf(events));
    expect(events.at(-1)?.event).toBe("done");
    const [, reply] = await storedMessages(metaOf(events).chatId);
    expect(reply?.content).toBe(text);
  });
});

describe("POST /api/chats/:id/stop", () => {
  it("Alice stops her reply: 204, her stream ends with done (stopped), and it is stored stopped with what arrived and charged for it", async () => {
    const stream = await openEvents("/api/chat", alice, { method: "POST", body: { message: longQuestion } });
    await stream.until((events) => deltasOf(events).length >= 5);
    const { chatId, assistantMessageId } = metaOf(stream.events);
    const asked = Date.now();
    const stop = await app.client.call(`/api/chats/${chatId}/stop`, { method: "POST", as: alice });
    expect(stop.status).toBe(204);
    expect(stop.text).toBe("");
    const events = await stream.all();
    expect(Date.now() - asked).toBeLessThan(1000);
    expect(events.at(-1)).toMatchObject({ event: "done", data: { finishReason: "stopped", usage: { outputTokens: expect.any(Number) } } });
    const text = joinContiguous("", deltasOf(events));

    const [, reply] = await storedMessages(chatId);
    expect(reply).toMatchObject({ status: "stopped", content: text });
    expect(text.length).toBeGreaterThan(0);
    expect(reply!.content).not.toMatch(/and restart\.$/);
    expect(reply!.output_tokens).toBeGreaterThan(0);
    expect(await chargesOf(assistantMessageId)).toEqual([{ status: "settled", input_tokens: reply!.input_tokens, output_tokens: reply!.output_tokens, cost: 0 }]);
  });

  it("a stop asked on another instance (marked in the database) is seen at the writer's next checkpoint, within a second", async () => {
    const stream = await openEvents("/api/chat", alice, { method: "POST", body: { message: longQuestion } });
    await stream.until((events) => deltasOf(events).length >= 5);
    const { chatId, assistantMessageId } = metaOf(stream.events);
    const pg = await database();
    const asked = Date.now();
    await pg.query("update messages set stop_requested_at = now() where id = $1", [assistantMessageId]);
    const events = await stream.all();
    expect(Date.now() - asked).toBeLessThan(1000);
    expect(events.at(-1)).toMatchObject({ event: "done", data: { finishReason: "stopped" } });
    const [, reply] = await storedMessages(chatId);
    expect(reply).toMatchObject({ status: "stopped", content: joinContiguous("", deltasOf(events)) });
  });

  it("Bob cannot stop Alice's reply: 404, and it goes on to complete", async () => {
    const stream = await openEvents("/api/chat", alice, { method: "POST", body: { message: "Bob wants this stopped" } });
    await stream.until((events) => deltasOf(events).length > 0);
    const { chatId } = metaOf(stream.events);
    expectError(await app.client.call(`/api/chats/${chatId}/stop`, { method: "POST", as: bob }), 404, "not_found");
    const pg = await database();
    const marked = await pg.query("select 1 from messages where chat_id = $1 and stop_requested_at is not null", [chatId]);
    expect(marked.rows).toEqual([]);
    expect((await stream.all()).at(-1)).toMatchObject({ event: "done", data: { finishReason: "stop" } });
    expect((await storedMessages(chatId))[1]?.status).toBe("complete");
  });

  it("409 when nothing is being written, 404 for a chat that does not exist or a bad id, 400 for a body", async () => {
    const stream = await openEvents("/api/chat", alice, { method: "POST", body: { message: "Short" } });
    const { chatId } = metaOf(await stream.all());
    const before = await storedMessages(chatId);
    expectError(await app.client.call(`/api/chats/${chatId}/stop`, { method: "POST", as: alice }), 409, "conflict");
    expectError(await app.client.call(`/api/chats/${crypto.randomUUID()}/stop`, { method: "POST", as: alice }), 404, "not_found");
    expectError(await app.client.call("/api/chats/not-a-uuid/stop", { method: "POST", as: alice }), 404, "not_found");
    expectError(await app.client.call(`/api/chats/${chatId}/stop`, { method: "POST", as: alice, body: { now: true } }), 400, "invalid_input");
    expectError(await app.client.call(`/api/chats/${chatId}/stop`, { as: alice }), 405, "method_not_allowed");
    expectError(await app.client.call(`/api/chats/${chatId}/stop`, { method: "POST" }), 401, "unauthorized");
    expect(await storedMessages(chatId)).toEqual(before);
  });
});

describe("GET /api/chats/:id/stream", () => {
  it("a second client joining mid-way gets the text so far, then every delta with contiguous offsets, then done", async () => {
    const writer = await openEvents("/api/chat", alice, { method: "POST", body: { message: longQuestion } });
    await writer.until((events) => deltasOf(events).length >= 10);
    const { chatId, assistantMessageId } = metaOf(writer.events);
    const joined = await openEvents(`/api/chats/${chatId}/stream`, alice);
    const events = await joined.all();
    expect(events[0]).toMatchObject({ event: "snapshot", data: { messageId: assistantMessageId } });
    const snapshot = (events[0]!.data as { text: string }).text;
    expect(snapshot.length).toBeGreaterThan(0);
    expect(deltasOf(events).length).toBeGreaterThan(0);
    const text = joinContiguous(snapshot, deltasOf(events));
    expect(events.at(-1)).toMatchObject({ event: "done", data: { finishReason: "stop" } });
    const whole = joinContiguous("", deltasOf(await writer.all()));
    expect(text).toBe(whole);
    expect((await storedMessages(chatId))[1]?.content).toBe(whole);
  });

  it("204 when nothing is being written; Bob gets 404 for Alice's chat, as do bad ids", async () => {
    const stream = await openEvents("/api/chat", alice, { method: "POST", body: { message: "Finished" } });
    const { chatId } = metaOf(await stream.all());
    const idle = await app.client.call(`/api/chats/${chatId}/stream`, { as: alice });
    expect(idle.status).toBe(204);
    expect(idle.text).toBe("");
    expectError(await app.client.call(`/api/chats/${chatId}/stream`, { as: bob }), 404, "not_found");
    expectError(await app.client.call(`/api/chats/${crypto.randomUUID()}/stream`, { as: alice }), 404, "not_found");
    expectError(await app.client.call("/api/chats/nope/stream", { as: alice }), 404, "not_found");
    expectError(await app.client.call(`/api/chats/${chatId}/stream`, { method: "POST", as: alice }), 405, "method_not_allowed");
  });

  it("Bob cannot follow Alice's reply while it is written", async () => {
    const writer = await openEvents("/api/chat", alice, { method: "POST", body: { message: longQuestion } });
    await writer.until((events) => deltasOf(events).length > 0);
    expectError(await app.client.call(`/api/chats/${metaOf(writer.events).chatId}/stream`, { as: bob }), 404, "not_found");
    writer.close();
  });

  it("a reply written by another instance is followed through its stored checkpoints, several times a second", async () => {
    const { chatId, messageId } = await insertStreamingReply(alice, { content: "Hello" });
    const follower = await openEvents(`/api/chats/${chatId}/stream`, alice);
    await follower.until((events) => events.length > 0);
    expect(follower.events[0]).toEqual({ event: "snapshot", data: { messageId, text: "Hello" } });
    const pg = await database();
    const written = Date.now();
    await pg.query("update messages set content = 'Hello there', updated_at = now() where id = $1", [messageId]);
    await follower.until((events) => deltasOf(events).length > 0);
    expect(Date.now() - written).toBeLessThan(600);
    await pg.query("update messages set content = 'Hello there, Alice.', status = 'complete', input_tokens = 7, output_tokens = 5, cost_micro_usd = 12 where id = $1", [messageId]);
    const events = await follower.all();
    expect(events.slice(1)).toEqual([
      { event: "delta", data: { text: " there", offset: 5 } },
      { event: "delta", data: { text: ", Alice.", offset: 11 } },
      { event: "done", data: { finishReason: "stop", usage: { inputTokens: 7, outputTokens: 5, costUsd: 0.000012 } } },
    ]);
  });

  it("Alice can stop a reply written by another instance: the mark is stored for its writer", async () => {
    const { chatId, messageId } = await insertStreamingReply(alice, { content: "Going on" });
    expectError(await app.client.call(`/api/chats/${chatId}/stop`, { method: "POST", as: bob }), 404, "not_found");
    expect((await app.client.call(`/api/chats/${chatId}/stop`, { method: "POST", as: alice })).status).toBe(204);
    const pg = await database();
    const rows = await pg.query<{ marked: boolean }>("select stop_requested_at is not null as marked from messages where id = $1", [messageId]);
    expect(rows.rows).toEqual([{ marked: true }]);
  });
});

describe("maintenance ends replies whose writer died", () => {
  it("a reply with no checkpoint for minutes becomes error (interrupted) and its charge is settled; a live one is left alone", async () => {
    const dana = await app.client.signUp("Dana");
    const dead = await insertStreamingReply(dana, { content: "x".repeat(400), minutesAgo: 10 });
    const alive = await insertStreamingReply(dana, { content: "still going" });
    const pg = await database();
    for (const { messageId } of [dead, alive]) {
      await pg.query(
        "insert into usage_charges (user_id, model, max_cost_micro_usd, message_id, prompt_tokens) values ($1, 'offline', 0, $2, 1000)",
        [dana.id, messageId],
      );
    }
    const response = await app.client.call("/api/cron/maintenance", { headers: { authorization: `Bearer ${cronSecret}` } });
    expect(response.status).toBe(200);
    expect(response.json.deadReplies).toEqual({ ended: 1 });

    // The prompt the charge recorded, and 400 characters of text at four a token; the offline model is free.
    const cost = 0;
    const [, reply] = await storedMessages(dead.chatId);
    expect(reply).toMatchObject({ status: "error", error_code: "interrupted", content: "x".repeat(400), input_tokens: 1000, output_tokens: 100, cost_micro_usd: cost });
    expect(await chargesOf(dead.messageId)).toEqual([{ status: "settled", input_tokens: 1000, output_tokens: 100, cost }]);
    expect((await storedMessages(alive.chatId))[1]?.status).toBe("streaming");
    expect((await chargesOf(alive.messageId))[0]?.status).toBe("reserved");

    // Its followers learn how it ended.
    const follower = await app.client.call(`/api/chats/${dead.chatId}/stream`, { as: dana });
    expect(follower.status).toBe(204);
  });
});
