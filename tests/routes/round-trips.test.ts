import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, parseSse, type Person } from "../support/client";
import { startDbProxy, type DbProxy } from "../support/db-proxy";
import { setUpAppServer } from "../support/route-suite";
import { startSupabaseStack } from "../support/supabase-stack";

// The Supabase mode behind the counting proxy: every flight (statements sent, then answered) is a
// network round trip from a Vercel function to Supabase. DESIGN.md's budget for a per-user API
// read or write, and for /api/health, is one (claims, role, limiter, counter and query together).
let stack: Awaited<ReturnType<typeof startSupabaseStack>>;
let proxy: DbProxy;
beforeAll(async () => {
  stack = await startSupabaseStack();
  proxy = await startDbProxy(stack.env.DATABASE_URL);
});
afterAll(async () => {
  await proxy?.close();
  await stack?.close();
});

const apiLimit = 12;
const app = setUpAppServer(() => ({ ...stack.env, DATABASE_URL: proxy.url, RATE_LIMIT_API_PER_MINUTE: String(apiLimit) }));

let alice: Person;
let bob: Person;
let carol: Person;
let chatId: string;
beforeAll(async () => {
  alice = await app.client.signUp("Alice");
  bob = await app.client.signUp("Bob");
  carol = await app.client.signUp("Carol");
  chatId = (await app.client.call("/api/chats", { method: "POST", as: alice, body: { title: "Counted" } })).json.chat.id as string;
});

// The request figures the app flushes every 5 s go on a connection of their own: not the request's.
const background = /add_request_stats/;

// While the model writes, a reply still being written after 150 ms (on a busy machine) is broadcast
// to its followers (lib/realtime/reply-broadcasts.ts) and after 500 ms saves what it has
// (lib/chat/stream-reply.ts): one statement in a flight of its own each, not before or after it.
const whileTheModelWrites = /^(update public\.messages set content = \$1, updated_at = now\(\)|select realtime\.send\()/;

/**
 * The flights and statements one request costs, measured again if background work landed in it,
 * what its reply does while the model writes left out.
 */
async function costOf(send: () => Promise<{ status: number }>) {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    proxy.resetCounts();
    const response = await send();
    const { flights } = proxy.counts;
    const statements = proxy.counts.statements.map((text) => text.trim());
    if (statements.some((text) => background.test(text))) continue;
    const whileWriting = statements.filter((text) => whileTheModelWrites.test(text)).length;
    return { status: response.status, flights: flights - whileWriting, statements: statements.filter((text) => !whileTheModelWrites.test(text)) };
  }
}

/** The ids a chat turn's stream names first. */
function parseMeta(text: string): { userMessageId: string; assistantMessageId: string } {
  const meta = parseSse(text).find((event) => event.event === "meta");
  if (!meta) throw new Error(`no meta event in: ${text.slice(0, 200)}`);
  return meta.data as { userMessageId: string; assistantMessageId: string };
}

async function requestCounts(userId: string) {
  const rows = await stack.pg.query<{ key: string; requests: number }>(
    "select route_group || ' ' || status_class as key, requests::int from public.usage_requests where user_id = $1 order by 1",
    [userId],
  );
  return Object.fromEntries(rows.rows.map((row) => [row.key, row.requests]));
}

describe("database round trips per request (Supabase mode)", () => {
  it("a per-user read or write and the health check each wait for the database once", async () => {
    // A reply being written elsewhere (another instance's writer), for the stop to find.
    const writing = await stack.pg.query<{ id: string }>("insert into public.chats (user_id, title) values ($1, 'Writing') returning id", [alice.id]);
    const writingChatId = writing.rows[0]!.id;
    await stack.pg.query("insert into public.messages (chat_id, user_id, role, content, status) values ($1, $2, 'assistant', 'So far', 'streaming')", [writingChatId, alice.id]);
    const requests: [string, () => Promise<{ status: number }>][] = [
      ["GET /api/chats", () => app.client.call("/api/chats", { as: alice })],
      ["GET /api/chats/:id", () => app.client.call(`/api/chats/${chatId}`, { as: alice })],
      ["GET /api/chats/:id/stream (nothing written)", () => app.client.call(`/api/chats/${chatId}/stream`, { as: alice })],
      ["POST /api/chats/:id/stop", () => app.client.call(`/api/chats/${writingChatId}/stop`, { method: "POST", as: alice })],
      ["PATCH /api/chats/:id", () => app.client.call(`/api/chats/${chatId}`, { method: "PATCH", as: alice, body: { title: "Renamed" } })],
      ["GET /api/settings", () => app.client.call("/api/settings", { as: alice })],
      ["GET /api/usage", () => app.client.call("/api/usage", { as: alice })],
      ["GET /api/health", () => app.client.call("/api/health")],
    ];
    const costs: Record<string, number> = {};
    for (const [name, send] of requests) {
      const cost = await costOf(send);
      expect(cost.status, name).toBeLessThan(300);
      costs[name] = cost.flights;
    }
    expect(costs).toEqual(Object.fromEntries(requests.map(([name]) => [name, 1])));
  });

  it("a chat turn waits for the database three times before the model is called, and once to settle its reply", async () => {
    const send = () => app.client.call("/api/chat", { method: "POST", as: alice, body: { chatId, message: "How many round trips?" } });
    // Once first: a connection opened on the way would count its handshake.
    expect((await send()).status).toBe(200);
    const turn = await costOf(send);
    expect(turn.status).toBe(200);
    // The limiter; the turn's first statements; its reservation and recall with COMMIT. Then the
    // reply, its charge settled in the same transaction.
    expect(turn.flights, turn.statements.join("\n")).toBe(4);
    const at = (pattern: RegExp) => turn.statements.findIndex((text) => pattern.test(text.trim()));
    // As the user from the claims on, the reply before the charge that pays for it.
    expect(at(/set_config\('request\.jwt\.claims'/)).toBeLessThan(at(/^insert into "messages"/));
    expect(at(/^insert into public\.usage_charges/)).toBeGreaterThan(at(/^insert into "messages"/));
    expect(at(/^update public\.usage_charges/)).toBeGreaterThan(at(/^update "messages"/));
  });

  it("the tree's reads and writes each wait for the database once: a page, a switch, a subtree delete", async () => {
    const send = (body: Record<string, unknown>) => app.client.call("/api/chat", { method: "POST", as: alice, body: { chatId, ...body } });
    const first = parseMeta((await send({ message: "A first turn" })).text);
    const second = parseMeta((await send({ message: "A second turn" })).text);
    const requests: [string, () => Promise<{ status: number }>][] = [
      ["GET /api/chats/:id?before=&limit=", () => app.client.call(`/api/chats/${chatId}?before=${second.userMessageId}&limit=2`, { as: alice })],
      ["PATCH /api/chats/:id activeMessageId", () => app.client.call(`/api/chats/${chatId}`, { method: "PATCH", as: alice, body: { activeMessageId: first.assistantMessageId } })],
      ["DELETE /api/chats/:id/messages/:messageId", () => app.client.call(`/api/chats/${chatId}/messages/${second.userMessageId}`, { method: "DELETE", as: alice })],
    ];
    const costs: Record<string, number> = {};
    for (const [name, sent] of requests) {
      const cost = await costOf(sent);
      expect(cost.status, name).toBeLessThan(300);
      costs[name] = cost.flights;
    }
    expect(costs).toEqual(Object.fromEntries(requests.map(([name]) => [name, 1])));
  });

  it("an edit and a regenerated reply cost what a new message costs: three before the model, one to settle", async () => {
    const send = (body: Record<string, unknown>) => app.client.call("/api/chat", { method: "POST", as: alice, body: { chatId, ...body } });
    const turn = parseMeta((await send({ message: "To be edited and retried" })).text);
    for (const body of [{ editOf: turn.userMessageId, message: "Edited" }, { retryOf: turn.assistantMessageId }]) {
      const cost = await costOf(() => send(body));
      expect(cost.status).toBe(200);
      expect(cost.flights, cost.statements.join("\n")).toBe(4);
    }
  });

  it("counts the request in the same flight, with the status class it was answered with", async () => {
    const before = await requestCounts(bob.id);
    expect((await costOf(() => app.client.call("/api/chats", { as: bob }))).flights).toBe(1);
    // A chat that is not Bob's: read in one flight, counted as 2xx with it, then moved to 4xx.
    const missing = await costOf(() => app.client.call(`/api/chats/${chatId}`, { as: bob }));
    expect(missing.status).toBe(404);
    expect(missing.flights).toBe(2);
    expect(await requestCounts(bob.id)).toEqual({ ...before, "chats 2xx": (before["chats 2xx"] ?? 0) + 1, "chats 4xx": (before["chats 4xx"] ?? 0) + 1 });
  });

  it("a request over the limit answers 429, and what it would have written is not kept", async () => {
    // Fixed one-minute windows: start with enough of the window left that the burst stays in it.
    const left = 60 - ((Date.now() / 1000) % 60);
    if (left < 20) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 200));
    const created = await app.client.call("/api/chats", { method: "POST", as: carol, body: { title: "Before the limit" } });
    const id = created.json.chat.id as string;
    let answered = 1;
    while (answered < apiLimit) {
      expect((await app.client.call("/api/chats", { as: carol })).status).toBe(200);
      answered++;
    }
    const refused = await app.client.call(`/api/chats/${id}`, { method: "PATCH", as: carol, body: { title: "Over the limit" } });
    expectError(refused, 429, "rate_limited");
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const { rows } = await stack.pg.query<{ title: string }>("select title from public.chats where id = $1", [id]);
    expect(rows).toEqual([{ title: "Before the limit" }]);
    expect(await requestCounts(carol.id)).toEqual({ "chats 2xx": apiLimit, "chats 4xx": 1 });
  });

  it("a request with an API key costs what the person's own costs: the key's check rides in the same flight", async () => {
    const erin = await app.client.signUp("Erin");
    const created = await app.client.call("/api/keys", { method: "POST", as: erin, body: { name: "round trips" } });
    expect(created.status).toBe(201);
    const secret = created.json.secret as string;
    const withKey = (pathname: string, init: { method?: string; body?: unknown } = {}) =>
      app.client.call(pathname, { ...init, headers: { authorization: `Bearer ${secret}` } });
    const requests: [string, () => Promise<{ status: number }>][] = [
      ["GET /api/chats", () => withKey("/api/chats")],
      ["PATCH /api/settings", () => withKey("/api/settings", { method: "PATCH", body: { systemPrompt: "Be brief." } })],
      ["GET /api/usage", () => withKey("/api/usage")],
    ];
    for (const [name, send] of requests) {
      const cost = await costOf(send);
      expect(cost.status, name).toBeLessThan(300);
      expect(cost.flights, `${name}\n${cost.statements.join("\n")}`).toBe(1);
      expect(cost.statements.some((text) => text.includes("private.check_api_key")), name).toBe(true);
    }
    // A forged key is refused by its first flight: the same one, and nothing after it.
    const forged = await costOf(() => app.client.call("/api/chats", { headers: { authorization: `Bearer ${secret.slice(0, 10)}${"A".repeat(37)}${secret.slice(47)}` } }));
    expect(forged.status).toBe(401);
    expect(forged.flights).toBe(1);
  });
});
