import { beforeAll, describe, expect, it } from "vitest";
import { expectError, type Person } from "../support/client";
import { eventually, sendChat } from "../support/chat";
import { database, setUpAppServer } from "../support/route-suite";

const app = setUpAppServer();
let alice: Person;
let bob: Person;

beforeAll(async () => {
  alice = await app.client.signUp("Alice");
  bob = await app.client.signUp("Bob");
});

interface ListedChat {
  id: string;
  title: string;
  temporary: boolean;
  inMemory: boolean;
  pinned: boolean;
  archived: boolean;
}

const createChat = async (person: Person, title: string) => {
  const response = await app.client.call("/api/chats", { method: "POST", as: person, body: { title } });
  expect(response.status).toBe(201);
  return response.json.chat as ListedChat;
};

const patchChat = (person: Person, id: string, body: unknown) => app.client.call(`/api/chats/${id}`, { method: "PATCH", as: person, body });

const listTitles = async (person: Person, query = "") => {
  const response = await app.client.call(`/api/chats?limit=100${query}`, { as: person });
  expect(response.status).toBe(200);
  return (response.json.chats as ListedChat[]).map((chat) => chat.title);
};

const search = async (person: Person, query: string) => {
  const response = await app.client.call("/api/memory/search", { method: "POST", as: person, body: { query, limit: 50 } });
  expect(response.status).toBe(200);
  return response.json.results as { messageId: string; chatId: string }[];
};

async function chatRow(id: string) {
  const pg = await database();
  const result = await pg.query<{ title: string; temporary: boolean; in_memory: boolean; pinned: boolean; archived: boolean }>(
    "select title, temporary, in_memory, pinned, archived from chats where id = $1",
    [id],
  );
  return result.rows[0] ?? null;
}

/** The in-process worker embeds in the background; wait until no embedding job is open. */
async function embeddingsSettled() {
  const pg = await database();
  const open = await eventually(
    async () => (await pg.query<{ n: number }>("select count(*)::int as n from private.jobs where status in ('pending', 'running')")).rows[0]!.n,
    (n) => n === 0,
    15_000,
  );
  expect(open).toBe(0);
}

async function vectorCount(chatId: string) {
  const pg = await database();
  return (await pg.query<{ n: number }>("select count(*)::int as n from message_embeddings where chat_id = $1", [chatId])).rows[0]!.n;
}

/** Embedding jobs queued for the chat's messages: every one ever (done ones too), or only the open ones. */
async function jobCount(chatId: string, { openOnly = false } = {}) {
  const pg = await database();
  const result = await pg.query<{ n: number }>(
    `select count(*)::int as n from private.jobs j join messages m on j.payload ->> 'messageId' = m.id::text
     where m.chat_id = $1 ${openOnly ? "and j.status in ('pending', 'running')" : ""}`,
    [chatId],
  );
  return result.rows[0]!.n;
}

const memoriesOf = (meta: unknown) => (meta as { memories: { chatId: string }[] }).memories;

describe("finding chats", () => {
  it("?q= lists the chats whose title contains it, case-insensitive, with % and _ taken literally", async () => {
    const carol = await app.client.signUp("Carol");
    for (const title of ["Postgres backups", "Weekend hike", "POSTGRES tuning", "100% done", "snake_case names", "Free choice"]) await createChat(carol, title);
    expect(await listTitles(carol, "&q=postgres")).toEqual(["POSTGRES tuning", "Postgres backups"]);
    expect(await listTitles(carol, `&q=${encodeURIComponent("  hike ")}`)).toEqual(["Weekend hike"]);
    expect(await listTitles(carol, `&q=${encodeURIComponent("%")}`)).toEqual(["100% done"]);
    expect(await listTitles(carol, "&q=e_c")).toEqual(["snake_case names"]);
    expect(await listTitles(carol, "&q=nothing-like-this")).toEqual([]);
    expect(await listTitles(carol, "&q=")).toHaveLength(6);
  });

  it("archived chats leave the list for ?archived=true and come back when restored", async () => {
    const dana = await app.client.signUp("Dana");
    const kept = await createChat(dana, "Kept");
    const old = await createChat(dana, "Old project");
    const archived = await patchChat(dana, old.id, { archived: true });
    expect(archived.status).toBe(200);
    expect(archived.json.chat).toMatchObject({ id: old.id, archived: true, pinned: false });
    expect(await listTitles(dana)).toEqual([kept.title]);
    expect(await listTitles(dana, "&archived=true")).toEqual(["Old project"]);
    expect(await listTitles(dana, "&archived=true&q=kept")).toEqual([]);

    expect((await patchChat(dana, old.id, { archived: false })).json.chat.archived).toBe(false);
    expect(await listTitles(dana)).toEqual(["Old project", "Kept"]);
    expect(await listTitles(dana, "&archived=true")).toEqual([]);
  });

  it("pinned chats come first; pages in that order have no gap and no repeat, also after new activity", async () => {
    const erin = await app.client.signUp("Erin");
    const made: ListedChat[] = [];
    for (let index = 0; index < 6; index++) made.push(await createChat(erin, `Chat ${index}`));
    for (const index of [1, 4]) expect((await patchChat(erin, made[index]!.id, { pinned: true })).json.chat.pinned).toBe(true);
    // Activity in an unpinned chat moves it up among the unpinned ones, never above a pin.
    await sendChat(app.client, erin, { chatId: made[0]!.id, message: "Something new" });
    const expected = ["Chat 4", "Chat 1", "Chat 0", "Chat 5", "Chat 3", "Chat 2"];
    expect(await listTitles(erin)).toEqual(expected);

    for (const limit of [1, 2, 4]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `?limit=${limit}&cursor=${encodeURIComponent(cursor)}` : `?limit=${limit}`;
        const page = await app.client.call(`/api/chats${query}`, { as: erin });
        expect(page.status).toBe(200);
        seen.push(...page.json.chats.map((chat: ListedChat) => chat.title));
        cursor = page.json.nextCursor;
      } while (cursor);
      expect(seen).toEqual(expected);
    }
    expect((await patchChat(erin, made[4]!.id, { pinned: false })).json.chat.pinned).toBe(false);
    expect(await listTitles(erin)).toEqual(["Chat 1", "Chat 0", "Chat 5", "Chat 4", "Chat 3", "Chat 2"]);
  });

  it("one PATCH may rename, pin and archive at once", async () => {
    const chat = await createChat(alice, "Several at once");
    const response = await patchChat(alice, chat.id, { title: "Renamed", pinned: true, archived: true });
    expect(response.json.chat).toMatchObject({ title: "Renamed", pinned: true, archived: true, inMemory: true, temporary: false });
    expect(await chatRow(chat.id)).toEqual({ title: "Renamed", temporary: false, in_memory: true, pinned: true, archived: true });
  });

  it.each([
    ["no field at all", {}],
    ["pinned as a string", { pinned: "yes" }],
    ["archived as a number", { archived: 1 }],
    ["inMemory null", { inMemory: null }],
    ["temporary, which is chosen when the chat is created", { temporary: true }],
    ["a good field beside an unknown one", { pinned: true, userId: "someone" }],
    ["a good field beside a bad one", { pinned: true, title: "" }],
  ])("PATCH with %s is 400 and changes nothing", async (_case, body) => {
    const chat = await createChat(alice, "Unchanged");
    expectError(await patchChat(alice, chat.id, body), 400, "invalid_input");
    expect(await chatRow(chat.id)).toEqual({ title: "Unchanged", temporary: false, in_memory: true, pinned: false, archived: false });
  });

  it.each(["?archived=yes", "?archived=1", `?q=${"x".repeat(201)}`, "?q=a%00b"])("GET /api/chats%s is 400", async (query) => {
    expectError(await app.client.call(`/api/chats${query}`, { as: alice }), 400, "invalid_input");
  });
});

describe("Bob and Alice's chats", () => {
  it("Bob cannot pin, archive, exclude or include Alice's chat: 404, and nothing changes", async () => {
    const { meta } = await sendChat(app.client, alice, { message: "Alice's greenhouse watering schedule is every Tuesday" });
    await embeddingsSettled();
    const vectors = await vectorCount(meta.chatId);
    expect(vectors).toBeGreaterThan(0);
    for (const body of [{ pinned: true }, { archived: true }, { inMemory: false }, { inMemory: true }]) {
      expectError(await patchChat(bob, meta.chatId, body), 404, "not_found");
    }
    expect(await chatRow(meta.chatId)).toMatchObject({ in_memory: true, pinned: false, archived: false });
    expect(await vectorCount(meta.chatId)).toBe(vectors);
    expect(await listTitles(bob, "&archived=true")).toEqual([]);
    expect(await listTitles(bob, "&q=greenhouse")).toEqual([]);
  });
});

describe("a temporary chat", () => {
  it("is never embedded, recalled or found by memory search, and cannot be included", async () => {
    const frank = await app.client.signUp("Frank");
    const temporary = await sendChat(app.client, frank, { message: "My temporary zanzibar quokka password is hunter2", temporary: true });
    await sendChat(app.client, frank, { chatId: temporary.meta.chatId, message: "Also the zanzibar quokka lives in the attic" });
    await embeddingsSettled();

    const read = await app.client.call(`/api/chats/${temporary.meta.chatId}`, { as: frank });
    expect(read.json.chat).toMatchObject({ temporary: true, inMemory: false });
    expect(read.json.messages).toHaveLength(4);
    expect(await jobCount(temporary.meta.chatId)).toBe(0);
    expect(await vectorCount(temporary.meta.chatId)).toBe(0);
    expect(await search(frank, "zanzibar quokka password")).toEqual([]);

    const later = await sendChat(app.client, frank, { message: "What is my zanzibar quokka password?" });
    expect(memoriesOf(later.meta)).toEqual([]);
    expect(later.text).not.toContain("hunter2");

    expectError(await patchChat(frank, temporary.meta.chatId, { inMemory: true }), 409, "conflict");
    expect(await chatRow(temporary.meta.chatId)).toMatchObject({ temporary: true, in_memory: false });
    expect(await jobCount(temporary.meta.chatId)).toBe(0);
  });

  it("can be started with POST /api/chats too; only a new chat can be made temporary", async () => {
    const response = await app.client.call("/api/chats", { method: "POST", as: alice, body: { title: "Scratch", temporary: true } });
    expect(response.status).toBe(201);
    expect(response.json.chat).toMatchObject({ title: "Scratch", temporary: true, inMemory: false });

    const chat = await createChat(alice, "Ordinary");
    for (const temporary of [true, false]) {
      const refused = await app.client.call("/api/chat", { method: "POST", as: alice, body: { chatId: chat.id, message: "hi", temporary } });
      expectError(refused, 400, "invalid_input");
    }
    const notBoolean = await app.client.call("/api/chat", { method: "POST", as: alice, body: { message: "hi", temporary: "yes" } });
    expectError(notBoolean, 400, "invalid_input");
    expectError(await app.client.call("/api/chats", { method: "POST", as: alice, body: { temporary: 1 } }), 400, "invalid_input");
    expect(await chatRow(chat.id)).toMatchObject({ temporary: false, in_memory: true });
    expect((await app.client.call(`/api/chats/${chat.id}`, { as: alice })).json.messages).toEqual([]);
  });
});

describe("excluding a chat from memory", () => {
  it("deletes its vectors and its queued jobs, keeps it out of search and recall, and including it again re-embeds it", async () => {
    const gail = await app.client.signUp("Gail");
    const { meta } = await sendChat(app.client, gail, { message: "The marmalade vault combination is 4-8-15-16" });
    await embeddingsSettled();
    expect(await vectorCount(meta.chatId)).toBe(2);
    expect((await search(gail, "marmalade vault combination")).map((result) => result.chatId)).toContain(meta.chatId);

    // A job queued before the exclusion (not yet due, so the worker has not taken it).
    const pg = await database();
    await pg.query("insert into private.jobs (kind, user_id, payload, run_after) values ('embed_message', $1, $2::jsonb, now() + interval '1 hour')", [
      gail.id,
      JSON.stringify({ messageId: meta.userMessageId, force: true }),
    ]);
    expect(await jobCount(meta.chatId, { openOnly: true })).toBe(1);

    const excluded = await patchChat(gail, meta.chatId, { inMemory: false });
    expect(excluded.status).toBe(200);
    expect(excluded.json.chat).toMatchObject({ inMemory: false, temporary: false });
    expect(await vectorCount(meta.chatId)).toBe(0);
    expect(await jobCount(meta.chatId, { openOnly: true })).toBe(0);
    expect((await search(gail, "marmalade vault combination")).map((result) => result.chatId)).not.toContain(meta.chatId);
    const asked = await sendChat(app.client, gail, { message: "What is the marmalade vault combination?" });
    expect(memoriesOf(asked.meta).map((memory) => memory.chatId)).not.toContain(meta.chatId);

    // New messages in the excluded chat are not queued either.
    const more = await sendChat(app.client, gail, { chatId: meta.chatId, message: "The marmalade vault is in the cellar" });
    await embeddingsSettled();
    expect(await vectorCount(meta.chatId)).toBe(0);
    const queuedForNew = await pg.query<{ n: number }>("select count(*)::int as n from private.jobs where payload ->> 'messageId' = $1", [more.meta.userMessageId]);
    expect(queuedForNew.rows[0]!.n).toBe(0);

    const included = await patchChat(gail, meta.chatId, { inMemory: true });
    expect(included.json.chat.inMemory).toBe(true);
    await embeddingsSettled();
    expect(await vectorCount(meta.chatId)).toBe(4);
    expect((await search(gail, "marmalade vault combination")).map((result) => result.chatId)).toContain(meta.chatId);
  });

  it("the database refuses to queue or store an embedding for it, whoever asks", async () => {
    const hana = await app.client.signUp("Hana");
    const { meta } = await sendChat(app.client, hana, { message: "Quince jam recipe with cardamom" });
    await embeddingsSettled();
    expect((await patchChat(hana, meta.chatId, { inMemory: false })).status).toBe(200);

    const pg = await database();
    // As a worker that read the message before the exclusion and stores its vector after it would.
    const vector = `[${Array.from({ length: 1024 }, (_, index) => (index === 0 ? 1 : 0)).join(",")}]`;
    const stored = await pg.query(
      "insert into message_embeddings (message_id, user_id, chat_id, model, embedding) values ($1, $2, $3, 'offline-hash', $4::vector)",
      [meta.userMessageId, hana.id, meta.chatId, vector],
    );
    expect(stored.affectedRows).toBe(0);
    const queued = await pg.query("insert into private.jobs (kind, user_id, payload) values ('embed_message', $1, $2::jsonb)", [
      hana.id,
      JSON.stringify({ messageId: meta.userMessageId }),
    ]);
    expect(queued.affectedRows).toBe(0);
    // A re-index queues every stored message: none of this chat's.
    const { enqueueReindex } = await import("@/lib/memory/reindex");
    await enqueueReindex({ model: "offline-hash", onlyMissing: true });
    expect(await jobCount(meta.chatId, { openOnly: true })).toBe(0);
    await embeddingsSettled();
    expect(await vectorCount(meta.chatId)).toBe(0);
  });
});
