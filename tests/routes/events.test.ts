import { createParser } from "eventsource-parser";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectError, type Person } from "../support/client";
import { eventually, sendChat } from "../support/chat";
import { setUpAppServer } from "../support/route-suite";

const app = setUpAppServer();
let alice: Person;
let bob: Person;

beforeAll(async () => {
  alice = await app.client.signUp("Alice");
  bob = await app.client.signUp("Bob");
});

interface Received {
  event: string;
  data: Record<string, unknown>;
}

const openStreams: AbortController[] = [];
afterEach(() => openStreams.splice(0).forEach((controller) => controller.abort()));

/** Opens `GET /api/events` as the person and collects its events until closed. */
async function openEvents(person: Person, via: "cookie" | "bearer" = "cookie") {
  const controller = new AbortController();
  openStreams.push(controller);
  const headers: Record<string, string> = via === "cookie" ? { cookie: person.cookie } : { authorization: `Bearer ${person.accessToken}` };
  const response = await fetch(`${app.baseUrl}/api/events`, { headers, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const received: Received[] = [];
  const parser = createParser({ onEvent: (message) => received.push({ event: message.event ?? "message", data: JSON.parse(message.data) }) });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const reading = (async () => {
    try {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) parser.feed(chunk.value);
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    }
  })();
  await eventually(async () => received.length, (count) => count > 0);
  expect(received[0]).toEqual({ event: "ready", data: {} });
  return {
    response,
    /** Settles when the server ends the stream. */
    ended: reading,
    changes: () => received.filter((message) => message.event === "change").map((message) => message.data),
    close: async () => {
      controller.abort();
      await reading;
    },
  };
}

const subscribersOf = (userId: string) =>
  (globalThis as Record<symbol, Map<string, Set<unknown>> | undefined>)[Symbol.for("mneme.realtime.listeners")]?.get(userId)?.size ?? 0;

describe("GET /api/events (local mode)", () => {
  it("streams Alice's chat create, message, rename and delete to her, with ids only, and nothing to Bob", async () => {
    const aliceEvents = await openEvents(alice);
    const bobEvents = await openEvents(bob);
    expect(aliceEvents.response.headers.get("ratelimit-limit")).not.toBeNull();

    const created = await app.client.call("/api/chats", { method: "POST", as: alice, body: { title: "Backups" } });
    expect(created.status).toBe(201);
    const chatId: string = created.json.chat.id;
    const { meta } = await sendChat(app.client, alice, { chatId, message: "A secret about postgres" });
    expect((await app.client.call(`/api/chats/${chatId}`, { method: "PATCH", as: alice, body: { title: "Renamed" } })).status).toBe(200);
    expect((await app.client.call(`/api/chats/${chatId}`, { method: "DELETE", as: alice })).status).toBe(204);

    const changes = await eventually(
      async () => aliceEvents.changes(),
      (seen) => seen.some((change) => change.table === "chats" && change.type === "DELETE"),
    );
    const chatChange = (type: string) => ({ table: "chats", type, id: chatId, chatId });
    const messageChange = (type: string, id: string) => ({ table: "messages", type, id, chatId });
    expect(changes[0]).toEqual(chatChange("INSERT"));
    expect(changes).toContainEqual(messageChange("INSERT", meta.userMessageId));
    expect(changes).toContainEqual(messageChange("INSERT", meta.assistantMessageId));
    expect(changes).toContainEqual(messageChange("UPDATE", meta.assistantMessageId));
    expect(changes).toContainEqual(chatChange("UPDATE"));
    expect(changes.at(-1)).toEqual(chatChange("DELETE"));
    // The chat's deletion speaks for its messages; no event carries content.
    expect(changes.filter((change) => change.table === "messages" && change.type === "DELETE")).toEqual([]);
    expect(JSON.stringify(changes)).not.toContain("secret");

    // Bob's own change arrives on his stream, and before it nothing of Alice's did.
    await app.client.call("/api/chats", { method: "POST", as: bob, body: { title: "Bob's" } });
    const bobChanges = await eventually(async () => bobEvents.changes(), (seen) => seen.length > 0);
    expect(bobChanges).toEqual([{ table: "chats", type: "INSERT", id: expect.any(String), chatId: expect.any(String) }]);
    expect(aliceEvents.changes().filter((change) => change.id === bobChanges[0]!.id)).toEqual([]);
  });

  it("works with a bearer token, and unsubscribes when the client goes away", async () => {
    const carol = await app.client.signUp("Carol");
    const stream = await openEvents(carol, "bearer");
    expect(subscribersOf(carol.id)).toBe(1);
    await app.client.call("/api/chats", { method: "POST", as: carol, via: "bearer", body: {} });
    await eventually(async () => stream.changes().length, (count) => count === 1);

    await stream.close();
    expect(await eventually(async () => subscribersOf(carol.id), (count) => count === 0)).toBe(0);
  });

  it("admits five of Erin's twenty concurrent streams; the rest answer 429 rate_limited with Retry-After, and a closed one frees its place", async () => {
    const erin = await app.client.signUp("Erin");
    const controllers = Array.from({ length: 20 }, () => new AbortController());
    openStreams.push(...controllers);
    const responses = await Promise.all(controllers.map((controller) => fetch(`${app.baseUrl}/api/events`, { headers: { cookie: erin.cookie }, signal: controller.signal })));
    const admitted = responses.flatMap((response, index) => (response.status === 200 ? [controllers[index]!] : []));
    expect(admitted).toHaveLength(5);
    for (const refused of responses.filter((response) => response.status !== 200)) {
      expectError({ status: refused.status, headers: refused.headers, json: await refused.json() }, 429, "rate_limited");
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    expect(subscribersOf(erin.id)).toBe(5);
    admitted[0]!.abort();
    await eventually(async () => subscribersOf(erin.id), (count) => count === 4);
    await openEvents(erin);
  });

  it("ends Frank's stream at the next heartbeat after he signs out, and Gina's after she deletes her account", async () => {
    const [frank, gina] = [await app.client.signUp("Frank"), await app.client.signUp("Gina")];
    const [frankEvents, ginaEvents] = [await openEvents(frank), await openEvents(gina, "bearer")];
    expect((await app.client.call("/api/auth/logout", { method: "POST", as: frank })).status).toBe(204);
    expect((await app.client.call("/api/account", { method: "DELETE", as: gina })).status).toBe(204);
    const ended = (stream: { ended: Promise<void> }) => Promise.race([stream.ended.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20_000))]);
    expect(await Promise.all([ended(frankEvents), ended(ginaEvents)])).toEqual([true, true]);
    expect([subscribersOf(frank.id), subscribersOf(gina.id)]).toEqual([0, 0]);
    // Reconnecting with the same credentials is refused.
    expectError(await app.client.call("/api/events", { as: frank }), 401, "unauthorized");
  }, 40_000);

  it("answers 401 without an identity, and 405 to other methods", async () => {
    expectError(await app.client.call("/api/events"), 401, "unauthorized");
    expectError(await app.client.call("/api/events", { headers: { authorization: "Bearer not-a-token" } }), 401, "unauthorized");
    expectError(await app.client.call("/api/events", { method: "POST", as: alice, body: {} }), 405, "method_not_allowed");
  });
});
