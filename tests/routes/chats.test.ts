import { beforeAll, describe, expect, it } from "vitest";
import { expectError, type Person } from "../support/client";
import { database, setUpAppServer } from "../support/route-suite";

const app = setUpAppServer();
let alice: Person;
let bob: Person;

beforeAll(async () => {
  alice = await app.client.signUp("Alice");
  bob = await app.client.signUp("Bob");
});

async function chatRow(id: string) {
  const pg = await database();
  return (await pg.query<{ title: string; user_id: string }>("select title, user_id from chats where id = $1", [id])).rows[0] ?? null;
}

/** A cursor as the API writes them (base64url JSON of [updatedAt, id]), with values it never writes. */
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

const createChat = async (person: Person, title?: string) => {
  const response = await app.client.call("/api/chats", { method: "POST", as: person, body: title === undefined ? {} : { title } });
  expect(response.status).toBe(201);
  return response.json.chat as { id: string; title: string; createdAt: string; updatedAt: string };
};

describe("chats", () => {
  it("Alice creates, reads, renames and deletes a chat", async () => {
    const chat = await createChat(alice, "Postgres backups");
    expect(chat).toEqual({
      id: expect.any(String),
      title: "Postgres backups",
      temporary: false,
      inMemory: true,
      pinned: false,
      archived: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });

    const read = await app.client.call(`/api/chats/${chat.id}`, { as: alice });
    expect(read.status).toBe(200);
    expect(read.json).toEqual({ chat, messages: [], nextBefore: null });

    const renamed = await app.client.call(`/api/chats/${chat.id}`, { method: "PATCH", as: alice, body: { title: "  Backups, renamed " } });
    expect(renamed.status).toBe(200);
    expect(renamed.json.chat.title).toBe("Backups, renamed");
    expect((await chatRow(chat.id))?.title).toBe("Backups, renamed");

    const deleted = await app.client.call(`/api/chats/${chat.id}`, { method: "DELETE", as: alice });
    expect(deleted.status).toBe(204);
    expect(await chatRow(chat.id)).toBeNull();
    expectError(await app.client.call(`/api/chats/${chat.id}`, { as: alice }), 404, "not_found");
  });

  it("a chat created without a title is called New chat; the same works with a bearer token", async () => {
    const response = await app.client.call("/api/chats", { method: "POST", as: alice, via: "bearer" });
    expect(response.status).toBe(201);
    expect(response.json.chat.title).toBe("New chat");
  });

  it("lists newest first and pages with nextCursor until it is null", async () => {
    const carol = await app.client.signUp("Carol");
    const made: string[] = [];
    for (let index = 0; index < 5; index++) made.push((await createChat(carol, `Chat ${index}`)).id);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : "?limit=2";
      const page = await app.client.call(`/api/chats${query}`, { as: carol });
      expect(page.status).toBe(200);
      expect(page.json.chats.length).toBeLessThanOrEqual(2);
      seen.push(...page.json.chats.map((chat: { id: string }) => chat.id));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
  });

  it.each([
    "?limit=0",
    "?limit=101",
    "?limit=abc",
    "?cursor=garbage",
    `?cursor=${cursorOf(["+176783-04-27T04:00:25.412Z", "6f1c1a52-5d55-4c1e-9a43-3f0a1b0b7e11"])}`,
    `?cursor=${cursorOf(["-002000-01-01T00:00:00.000Z", "6f1c1a52-5d55-4c1e-9a43-3f0a1b0b7e11"])}`,
    `?cursor=${cursorOf(["2026-01-01T00:00:00.000Z", "------------------------------------"])}`,
    `?cursor=${cursorOf({ updatedAt: "2026-01-01T00:00:00.000Z", id: "6f1c1a52-5d55-4c1e-9a43-3f0a1b0b7e11" })}`,
    `?cursor=${cursorOf(["2026-01-01T00:00:00.000Z", "6f1c1a52-5d55-4c1e-9a43-3f0a1b0b7e11", "yes"])}`,
    `?cursor=${cursorOf(["2026-01-01T00:00:00.000Z", "6f1c1a52-5d55-4c1e-9a43-3f0a1b0b7e11", true, 1])}`,
  ])("GET /api/chats%s is 400", async (query) => {
    expectError(await app.client.call(`/api/chats${query}`, { as: alice }), 400, "invalid_input");
  });

  it.each([
    ["an empty title", { title: "   " }],
    ["a 201-character title", { title: "x".repeat(201) }],
    ["an unknown field", { title: "ok", userId: "someone" }],
    ["a title that is not a string", { title: 42 }],
    ["a title with a NUL character, which Postgres text cannot hold", { title: "Backups\u0000" }],
  ])("renaming with %s is 400 and changes nothing", async (_case, body) => {
    const chat = await createChat(alice, "Keep me");
    expectError(await app.client.call(`/api/chats/${chat.id}`, { method: "PATCH", as: alice, body }), 400, "invalid_input");
    expect((await chatRow(chat.id))?.title).toBe("Keep me");
  });

  it("a new chat titled with a NUL character is 400 and none is created", async () => {
    const carol = await app.client.signUp("Carol");
    expectError(await app.client.call("/api/chats", { method: "POST", as: carol, body: { title: "a\u0000b" } }), 400, "invalid_input");
    expect((await app.client.call("/api/chats", { as: carol })).json.chats).toEqual([]);
  });

  it("an id that is not a UUID is 404", async () => {
    expectError(await app.client.call("/api/chats/not-a-uuid", { as: alice }), 404, "not_found");
  });
});

describe("Bob and Alice's chats", () => {
  it("Bob's list never shows Alice's chats", async () => {
    await createChat(alice, "Alice only");
    const list = await app.client.call("/api/chats?limit=100", { as: bob });
    expect(list.status).toBe(200);
    expect(list.json.chats.map((chat: { title: string }) => chat.title)).not.toContain("Alice only");
  });

  it("Bob cannot read, rename or delete Alice's chat: 404 as if it did not exist, and nothing changes", async () => {
    const chat = await createChat(alice, "Alice's secrets");
    expectError(await app.client.call(`/api/chats/${chat.id}`, { as: bob }), 404, "not_found");
    expectError(await app.client.call(`/api/chats/${chat.id}`, { method: "PATCH", as: bob, body: { title: "mine now" } }), 404, "not_found");
    expectError(await app.client.call(`/api/chats/${chat.id}`, { method: "DELETE", as: bob }), 404, "not_found");
    expect(await chatRow(chat.id)).toEqual({ title: "Alice's secrets", user_id: alice.id });
  });
});

describe("the edges every route shares", () => {
  it("without an identity every chat route is 401", async () => {
    const id = crypto.randomUUID();
    for (const [method, path] of [
      ["GET", "/api/chats"],
      ["POST", "/api/chats"],
      ["GET", `/api/chats/${id}`],
      ["PATCH", `/api/chats/${id}`],
      ["DELETE", `/api/chats/${id}`],
      ["POST", "/api/chat"],
      ["GET", "/api/models"],
    ] as const) {
      expectError(await app.client.call(path, { method, body: method === "GET" ? undefined : {} }), 401, "unauthorized");
    }
  });

  it("a bad bearer token is 401 even alongside a good cookie", async () => {
    const response = await app.client.call("/api/chats", { as: alice, headers: { authorization: "Bearer not-a-token" } });
    expectError(response, 401, "unauthorized");
  });

  it("cookie writes from another origin are 403 and change nothing; bearer clients are not browsers and may", async () => {
    const chat = await createChat(alice, "Origin check");
    const crossSite = await app.client.call(`/api/chats/${chat.id}`, {
      method: "DELETE",
      as: alice,
      headers: { origin: "https://evil.example" },
    });
    expectError(crossSite, 403, "forbidden");
    expect(await chatRow(chat.id)).not.toBeNull();
    const bearer = await app.client.call(`/api/chats/${chat.id}`, { method: "PATCH", as: alice, via: "bearer", headers: { origin: "https://tool.example" }, body: { title: "Renamed by a script" } });
    expect(bearer.status).toBe(200);
  });

  it("echoes a well-formed X-Request-Id and replaces a malformed one", async () => {
    const echoed = await app.client.call("/api/chats", { as: alice, headers: { "x-request-id": "trace-1234abcd" } });
    expect(echoed.headers.get("x-request-id")).toBe("trace-1234abcd");
    const replaced = await app.client.call("/api/chats", { as: alice, headers: { "x-request-id": "bad id with spaces" } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("wrong methods are 405 in the JSON error shape; unknown API paths are 404", async () => {
    const response = await app.client.call("/api/chats", { method: "PUT", as: alice });
    expectError(response, 405, "method_not_allowed");
    expect(response.headers.get("allow")).toBe("GET, POST");
    expectError(await app.client.call("/api/no-such-thing", { as: alice }), 404, "not_found");
  });

  it("GET /api/models lists the offline model as the default", async () => {
    const response = await app.client.call("/api/models", { as: alice });
    expect(response.json).toEqual({
      models: [{ id: "offline", label: expect.any(String), inputPerMTok: 0, outputPerMTok: 0 }],
      default: "offline",
    });
  });
});
