import { beforeAll, describe, expect, it } from "vitest";
import { sharedReadsPerAddress } from "@/lib/share/shared-snapshot";
import { sendChat } from "../support/chat";
import { expectError, type Person } from "../support/client";
import { database, setUpAppServer } from "../support/route-suite";

// Behind one trusted proxy, so each test can speak from its own address (the public read is limited per address).
const app = setUpAppServer({ TRUSTED_PROXY_HOPS: "1" });
let alice: Person;
let bob: Person;

beforeAll(async () => {
  alice = await app.client.signUp("Alice");
  bob = await app.client.signUp("Bob");
});

let addressCounter = 0;
const fromNewAddress = () => ({ "x-forwarded-for": `198.51.100.${(addressCounter++ % 250) + 1}` });

interface Share {
  id: string;
  token: string;
  url: string;
  createdAt: string;
}

async function chatWithTurns(person: Person, ...messages: string[]): Promise<string> {
  let chatId: string | undefined;
  for (const message of messages) chatId = (await sendChat(app.client, person, { chatId, message })).meta.chatId;
  return chatId!;
}

async function share(person: Person, chatId: string): Promise<Share> {
  const response = await app.client.call(`/api/chats/${chatId}/shares`, { method: "POST", as: person });
  expect(response.status, response.text).toBe(201);
  return response.json.share as Share;
}

const readShare = (token: string) => app.client.call(`/api/share/${token}`, { headers: fromNewAddress() });
const openPage = (token: string, person?: Person) =>
  app.client.call(`/share/${token}`, { headers: { ...fromNewAddress(), ...(person ? { cookie: person.cookie } : {}) } });

async function shareRows(where: { chatId?: string; userId?: string }) {
  const pg = await database();
  const [column, value] = where.chatId ? ["chat_id", where.chatId] : ["user_id", where.userId];
  return (await pg.query<{ id: string; user_id: string; chat_id: string }>(`select id, user_id, chat_id from chat_shares where ${column} = $1`, [value])).rows;
}

const unknownToken = "A".repeat(43);

describe("sharing a chat", () => {
  it("Alice makes a link; anyone signed out reads the snapshot through it, and only its title, time and messages", async () => {
    const chatId = await chatWithTurns(alice, "What makes tides?", "And spring tides?");
    const created = await share(alice, chatId);
    expect(created).toEqual({ id: expect.any(String), token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), url: `${app.baseUrl}/share/${created.token}`, createdAt: expect.any(String) });

    const read = await readShare(created.token);
    expect(read.status).toBe(200);
    expect(read.headers.get("cache-control")).toBe("no-store");
    expect(read.headers.get("set-cookie")).toBeNull();
    expect(read.headers.get("ratelimit-limit")).toBeNull();
    expect(Object.keys(read.json).sort()).toEqual(["createdAt", "messages", "title"]);
    expect(read.json.title).toBe("What makes tides?");
    expect(read.json.createdAt).toBe(created.createdAt);

    const chat = await app.client.call(`/api/chats/${chatId}`, { as: alice });
    expect(read.json.messages).toEqual(
      chat.json.messages.map((message: { role: string; content: string; createdAt: string }) => ({ role: message.role, content: message.content, createdAt: message.createdAt })),
    );
    expect(read.json.messages.map((message: { role: string }) => message.role)).toEqual(["user", "assistant", "user", "assistant"]);
  });

  it("the snapshot stays as it was when later messages, a rename, edits and deletes change the chat", async () => {
    const chatId = await chatWithTurns(alice, "Tell me about the moon");
    const created = await share(alice, chatId);
    const before = (await readShare(created.token)).json;

    await sendChat(app.client, alice, { chatId, message: "A later question" });
    await app.client.call(`/api/chats/${chatId}`, { method: "PATCH", as: alice, body: { title: "Renamed later" } });
    const pg = await database();
    await pg.query("update messages set content = 'edited afterwards' where chat_id = $1 and role = 'assistant'", [chatId]);
    await pg.query("delete from messages where chat_id = $1 and content = 'Tell me about the moon'", [chatId]);

    expect((await readShare(created.token)).json).toEqual(before);
    expect(before.messages.map((message: { content: string }) => message.content)[0]).toBe("Tell me about the moon");
  });

  it("a reply still being written and empty messages are left out of the snapshot", async () => {
    const chatId = await chatWithTurns(alice, "Snapshot me");
    const pg = await database();
    await pg.query("insert into messages (chat_id, user_id, role, content, status) values ($1, $2, 'assistant', 'half a rep', 'streaming')", [chatId, alice.id]);
    const created = await share(alice, chatId);
    const messages = (await readShare(created.token)).json.messages as { content: string }[];
    expect(messages).toHaveLength(2);
    expect(messages.map((message) => message.content)).not.toContain("half a rep");
  });

  it("an empty chat can be shared: its snapshot has no messages", async () => {
    const chat = await app.client.call("/api/chats", { method: "POST", as: alice, body: { title: "Nothing yet" } });
    const created = await share(alice, chat.json.chat.id);
    expect((await readShare(created.token)).json).toEqual({ title: "Nothing yet", createdAt: created.createdAt, messages: [] });
  });

  it("Alice lists her links, newest first, with the url again; Bob's list never shows them", async () => {
    const carol = await app.client.signUp("Carol");
    const first = await chatWithTurns(carol, "First chat");
    const second = await chatWithTurns(carol, "Second chat");
    const older = await share(carol, first);
    const newer = await share(carol, second);

    const list = await app.client.call("/api/shares", { as: carol });
    expect(list.status).toBe(200);
    expect(list.headers.get("ratelimit-limit")).not.toBeNull();
    expect(list.json).toEqual({
      shares: [
        { id: newer.id, chatId: second, chatTitle: "Second chat", url: newer.url, createdAt: newer.createdAt },
        { id: older.id, chatId: first, chatTitle: "First chat", url: older.url, createdAt: older.createdAt },
      ],
    });
    const bobs = (await app.client.call("/api/shares", { as: bob })).json.shares.map((item: { id: string }) => item.id);
    expect(bobs).not.toContain(older.id);
    expect(bobs).not.toContain(newer.id);
  });
});

describe("revoking and ending links", () => {
  it("a revoked link answers exactly as an unknown one: 404, on the API and the page", async () => {
    const chatId = await chatWithTurns(alice, "Soon revoked");
    const created = await share(alice, chatId);
    expect((await readShare(created.token)).status).toBe(200);

    const revoked = await app.client.call(`/api/shares/${created.id}`, { method: "DELETE", as: alice });
    expect(revoked.status).toBe(204);
    expect(await shareRows({ chatId })).toEqual([]);

    const afterRevoke = await readShare(created.token);
    const unknown = await readShare(unknownToken);
    expectError(afterRevoke, 404, "not_found");
    expectError(unknown, 404, "not_found");
    expect(afterRevoke.json.error.message).toBe(unknown.json.error.message);

    const revokedPage = await openPage(created.token);
    const unknownPage = await openPage(unknownToken);
    expect([revokedPage.status, unknownPage.status]).toEqual([404, 404]);
    expect(revokedPage.text).toContain("This link does not work");
    expect(revokedPage.text).not.toContain("Soon revoked");

    expectError(await app.client.call(`/api/shares/${created.id}`, { method: "DELETE", as: alice }), 404, "not_found");
    expect((await app.client.call(`/api/chats/${chatId}`, { as: alice })).status).toBe(200);
  });

  it("deleting the chat ends its links", async () => {
    const chatId = await chatWithTurns(alice, "Chat to delete");
    const created = await share(alice, chatId);
    expect((await app.client.call(`/api/chats/${chatId}`, { method: "DELETE", as: alice })).status).toBe(204);
    expect(await shareRows({ chatId })).toEqual([]);
    expectError(await readShare(created.token), 404, "not_found");
  });

  it("deleting the account ends its links", async () => {
    const dave = await app.client.signUp("Dave");
    const created = await share(dave, await chatWithTurns(dave, "Dave's chat"));
    expect((await app.client.call("/api/account", { method: "DELETE", as: dave })).status).toBe(204);
    expect(await shareRows({ userId: dave.id })).toEqual([]);
    expectError(await readShare(created.token), 404, "not_found");
  });

  it("the account export lists the links", async () => {
    const erin = await app.client.signUp("Erin");
    const chatId = await chatWithTurns(erin, "Exported share");
    const created = await share(erin, chatId);
    const exported = await app.client.call("/api/account/export", { as: erin });
    expect(exported.json.shares).toEqual([{ id: created.id, chatId, chatTitle: "Exported share", url: created.url, createdAt: created.createdAt }]);
  });
});

describe("Bob and Alice's links", () => {
  it("Bob cannot share Alice's chat: 404 as if it did not exist, and no link is made", async () => {
    const chatId = await chatWithTurns(alice, "Alice's private chat");
    for (const via of ["cookie", "bearer"] as const) {
      expectError(await app.client.call(`/api/chats/${chatId}/shares`, { method: "POST", as: bob, via }), 404, "not_found");
    }
    expect(await shareRows({ chatId })).toEqual([]);
  });

  it("Bob cannot revoke Alice's link: 404, and it keeps working", async () => {
    const created = await share(alice, await chatWithTurns(alice, "Alice keeps sharing"));
    expectError(await app.client.call(`/api/shares/${created.id}`, { method: "DELETE", as: bob }), 404, "not_found");
    expect((await readShare(created.token)).status).toBe(200);
  });

  it("Bob continues Alice's shared chat: a new chat of his with the snapshot's messages, in his memory; Alice's chat is untouched", async () => {
    const chatId = await chatWithTurns(alice, "Explain neap tides");
    const aliceBefore = (await app.client.call(`/api/chats/${chatId}`, { as: alice })).json;
    const created = await share(alice, chatId);

    const copy = await app.client.call(`/api/share/${created.token}/copy`, { method: "POST", as: bob });
    expect(copy.status, copy.text).toBe(201);
    expect(copy.headers.get("ratelimit-limit")).not.toBeNull();
    expect(copy.json.chat).toEqual({
      id: expect.any(String),
      title: "Explain neap tides",
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      temporary: false,
      inMemory: true,
      pinned: false,
      archived: false,
    });
    expect(copy.json.chat.id).not.toBe(chatId);

    const bobsCopy = await app.client.call(`/api/chats/${copy.json.chat.id}`, { as: bob });
    expect(bobsCopy.status).toBe(200);
    expect(bobsCopy.json.messages.map((message: { role: string; content: string; status: string }) => [message.role, message.content, message.status])).toEqual(
      aliceBefore.messages.map((message: { role: string; content: string }) => [message.role, message.content, "complete"]),
    );
    const pg = await database();
    const owners = await pg.query<{ user_id: string }>("select distinct user_id from messages where chat_id = $1", [copy.json.chat.id]);
    expect(owners.rows).toEqual([{ user_id: bob.id }]);
    const jobs = await pg.query<{ n: number }>(
      "select count(*)::int as n from private.jobs where kind = 'embed_message' and user_id = $1 and payload ->> 'messageId' in (select id::text from messages where chat_id = $2)",
      [bob.id, copy.json.chat.id],
    );
    expect(jobs.rows[0]!.n).toBe(2);

    expect((await app.client.call(`/api/chats/${chatId}`, { as: alice })).json).toEqual(aliceBefore);
    expectError(await app.client.call(`/api/chats/${copy.json.chat.id}`, { as: alice }), 404, "not_found");
    // Bob can answer in his copy like in any chat of his.
    expect((await sendChat(app.client, bob, { chatId: copy.json.chat.id, message: "Go on" })).text).not.toBe("");
  });

  it("copying a revoked or unknown link is 404 and makes no chat", async () => {
    const created = await share(alice, await chatWithTurns(alice, "Revoked before copy"));
    await app.client.call(`/api/shares/${created.id}`, { method: "DELETE", as: alice });
    const pg = await database();
    const count = async () => (await pg.query<{ n: number }>("select count(*)::int as n from chats where user_id = $1", [bob.id])).rows[0]!.n;
    const before = await count();
    for (const token of [created.token, unknownToken, "short"]) {
      expectError(await app.client.call(`/api/share/${token}/copy`, { method: "POST", as: bob }), 404, "not_found");
    }
    expect(await count()).toBe(before);
  });
});

describe("a token opens that snapshot and nothing else", () => {
  it("the answer and the page name nothing of Alice's: no email, id, other chat, memory or usage; the token is no credential", async () => {
    const secretChat = await chatWithTurns(alice, "My other secret about zeppelins");
    const sharedChat = await chatWithTurns(alice, "Tell me about tides");
    const created = await share(alice, sharedChat);
    const secretContent = (await app.client.call(`/api/chats/${secretChat}`, { as: alice })).json.messages.map((message: { content: string }) => message.content);

    const read = await readShare(created.token);
    const page = await openPage(created.token);
    expect(page.status).toBe(200);
    for (const text of [read.text, page.text]) {
      for (const secret of [alice.email, alice.id, sharedChat, secretChat, "zeppelins", ...secretContent, "inputTokens", "costUsd"]) {
        expect(text).not.toContain(secret);
      }
    }

    for (const authorization of [`Bearer ${created.token}`, `Bearer ${created.id}`]) {
      for (const path of ["/api/chats", `/api/chats/${sharedChat}`, "/api/usage", "/api/account/export", "/api/shares", "/api/settings"]) {
        expectError(await app.client.call(path, { headers: { authorization } }), 401, "unauthorized");
      }
    }
    expectError(await app.client.call("/api/chats", { headers: { cookie: `mneme-session=${created.token}` } }), 401, "unauthorized");
    expectError(
      await app.client.call("/api/memory/search", { method: "POST", headers: { authorization: `Bearer ${created.token}` }, body: { query: "zeppelins" } }),
      401,
      "unauthorized",
    );
    expectError(await app.client.call(`/api/share/${created.token}/messages`, { headers: fromNewAddress() }), 404, "not_found");
  });
});

describe("the shared page", () => {
  it("renders on the server, signed out: says it is a snapshot, carries noindex, no referrer, no caching, no session", async () => {
    const created = await share(alice, await chatWithTurns(alice, "A page about lighthouses"));
    const page = await openPage(created.token);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page.headers.get("cache-control")).toMatch(/no-store/);
    expect(page.headers.get("cache-control")).not.toMatch(/public|s-maxage/);
    expect(page.headers.get("x-robots-tag")).toBe("noindex, nofollow");
    expect(page.headers.get("set-cookie")).toBeNull();
    expect(page.text).toMatch(/<meta name="robots" content="noindex, nofollow"\s*\/?>/);
    expect(page.text).toMatch(/<meta name="referrer" content="no-referrer"\s*\/?>/);
    expect(page.text).toContain("Shared snapshot");
    expect(page.text).toContain("A page about lighthouses");
    expect(page.text).toContain("Continue this chat");
  });

  it("a malformed token is the same 404 page", async () => {
    for (const token of ["short", "x".repeat(2000), "%E2%9C%93"]) expect((await openPage(token)).status).toBe(404);
  });
});

describe("bad input and the edges every route shares", () => {
  it("without an identity the owner's routes and copying are 401; reading a link is public", async () => {
    const created = await share(alice, await chatWithTurns(alice, "Public read"));
    const id = crypto.randomUUID();
    for (const [method, path] of [
      ["POST", `/api/chats/${id}/shares`],
      ["GET", "/api/shares"],
      ["DELETE", `/api/shares/${created.id}`],
      ["POST", `/api/share/${created.token}/copy`],
    ] as const) {
      expectError(await app.client.call(path, { method }), 401, "unauthorized");
    }
    expect((await readShare(created.token)).status).toBe(200);
  });

  it.each([
    ["an unknown field", { body: { expiresAt: "2030-01-01" } }, 400, "invalid_input"],
    ["a body that is not an object", { rawBody: "[1]", headers: { "content-type": "application/json" } }, 400, "invalid_input"],
    ["malformed JSON", { rawBody: "{", headers: { "content-type": "application/json" } }, 400, "invalid_input"],
    ["a body that is not JSON", { rawBody: "title=x", headers: { "content-type": "application/x-www-form-urlencoded" } }, 415, "unsupported_media_type"],
  ])("sharing with %s is refused and makes no link", async (_case, options, status, code) => {
    const chatId = await chatWithTurns(alice, "Bad input");
    expectError(await app.client.call(`/api/chats/${chatId}/shares`, { method: "POST", as: alice, ...options }), status, code);
    expectError(await app.client.call(`/api/share/${unknownToken}/copy`, { method: "POST", as: alice, ...options }), status, code);
    expect(await shareRows({ chatId })).toEqual([]);
  });

  it("ids that are not UUIDs are 404", async () => {
    expectError(await app.client.call("/api/chats/not-a-uuid/shares", { method: "POST", as: alice }), 404, "not_found");
    expectError(await app.client.call("/api/shares/not-a-uuid", { method: "DELETE", as: alice }), 404, "not_found");
    expectError(await app.client.call(`/api/shares/${crypto.randomUUID()}`, { method: "DELETE", as: alice }), 404, "not_found");
  });

  it("wrong methods are 405 with the route's own Allow", async () => {
    const created = await share(alice, await chatWithTurns(alice, "Methods"));
    for (const [method, path, allow] of [
      ["GET", `/api/chats/${crypto.randomUUID()}/shares`, "POST"],
      ["POST", "/api/shares", "GET"],
      ["GET", `/api/shares/${created.id}`, "DELETE"],
      ["DELETE", `/api/share/${created.token}`, "GET"],
      ["GET", `/api/share/${created.token}/copy`, "POST"],
    ] as const) {
      const response = await app.client.call(path, { method, as: alice });
      expectError(response, 405, "method_not_allowed");
      expect(response.headers.get("allow")).toBe(allow);
    }
  });

  it("cookie writes from another origin are 403 and make nothing", async () => {
    const chatId = await chatWithTurns(alice, "Cross-site");
    const crossSite = { origin: "https://evil.example" };
    expectError(await app.client.call(`/api/chats/${chatId}/shares`, { method: "POST", as: alice, headers: crossSite }), 403, "forbidden");
    expect(await shareRows({ chatId })).toEqual([]);
  });

  it("one address reading links is limited, with Retry-After; another address is not", async () => {
    const created = await share(alice, await chatWithTurns(alice, "Popular"));
    const address = { "x-forwarded-for": "203.0.113.77" };
    // Fixed one-minute windows: start the burst with enough of the window left that it stays in one.
    const left = sharedReadsPerAddress.windowSeconds - ((Date.now() / 1000) % sharedReadsPerAddress.windowSeconds);
    if (left < 20) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 200));
    for (let index = 0; index < sharedReadsPerAddress.limit; index++) {
      expect((await app.client.call(`/api/share/${created.token}`, { headers: address })).status).toBe(200);
    }
    const limited = await app.client.call(`/api/share/${created.token}`, { headers: address });
    expectError(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await app.client.call(`/share/${created.token}`, { headers: address })).text).toContain("Too many requests");
    expect((await readShare(created.token)).status).toBe(200);
  }, 60_000);
});
