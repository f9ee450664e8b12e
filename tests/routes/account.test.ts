import { beforeAll, describe, expect, it } from "vitest";
import { sendChat } from "../support/chat";
import { expectError, type Person } from "../support/client";
import { uploadFile } from "../support/documents";
import { database, setUpAppServer } from "../support/route-suite";

const app = setUpAppServer();
let alice: Person;
let bob: Person;

beforeAll(async () => {
  alice = await app.client.signUp("Alice");
  bob = await app.client.signUp("Bob");
});

/** Every row in every table that points at the user: any `user_id` column, profiles and the identity. */
async function rowsOf(userId: string): Promise<Record<string, number>> {
  const pg = await database();
  const columns = await pg.query<{ table_schema: string; table_name: string }>(
    `select table_schema, table_name from information_schema.columns
     where column_name = 'user_id' and table_schema in ('public', 'private', 'auth')
     order by 1, 2`,
  );
  const counts: Record<string, number> = {};
  const targets = [
    ...columns.rows.map((row) => ({ table: `${row.table_schema}.${row.table_name}`, column: "user_id" })),
    { table: "public.profiles", column: "id" },
    { table: "auth.users", column: "id" },
  ];
  for (const { table, column } of targets) {
    const result = await pg.query<{ n: number }>(`select count(*)::int as n from ${table} where ${column} = $1`, [userId]);
    counts[table] = result.rows[0]!.n;
  }
  return counts;
}

async function fillAccount(person: Person) {
  const first = await sendChat(app.client, person, { message: "How do tides work?" });
  await sendChat(app.client, person, { chatId: first.meta.chatId, message: "And spring tides?" });
  const second = await sendChat(app.client, person, { message: "A haiku about rain" });
  await app.client.call("/api/settings", { method: "PATCH", as: person, body: { theme: "dark", systemPrompt: "Be brief." } });
  await app.client.call("/api/feedback", { method: "POST", as: person, body: { rating: 5, page: "/settings" } });
  await app.client.call("/api/feedback", { method: "POST", as: person, body: { messageId: second.meta.assistantMessageId, vote: "up" } });
  return { chatIds: [first.meta.chatId, second.meta.chatId], votedReply: second.meta.assistantMessageId };
}

describe("export", () => {
  it("Alice downloads one JSON file with her profile, settings, every chat and message, and her feedback", async () => {
    const { chatIds, votedReply } = await fillAccount(alice);
    await fillAccount(bob);

    const response = await app.client.call("/api/account/export", { as: alice });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="mneme-export-\d{4}-\d{2}-\d{2}\.json"$/);
    const data = response.json;

    expect(data).toMatchObject({ format: "mneme-account-export", version: 2, profile: { id: alice.id, email: alice.email } });
    expect(data.settings).toMatchObject({ theme: "dark", systemPrompt: "Be brief." });
    expect(Array.isArray(data.memories)).toBe(true);

    const pg = await database();
    const stored = await pg.query<{ id: string; chat_id: string; content: string }>(
      "select id, chat_id, content from messages where user_id = $1 order by seq",
      [alice.id],
    );
    expect(data.chats.map((chat: { id: string }) => chat.id).sort()).toEqual([...chatIds].sort());
    const exported = data.chats.flatMap((chat: { id: string; messages: { id: string; content: string }[] }) =>
      chat.messages.map((message) => ({ id: message.id, chat_id: chat.id, content: message.content })),
    );
    expect(exported).toHaveLength(stored.rows.length);
    expect(new Set(exported.map((message: { id: string }) => message.id))).toEqual(new Set(stored.rows.map((row) => row.id)));
    expect(exported).toEqual(expect.arrayContaining(stored.rows));

    const kinds = data.feedback.map((item: { kind: string }) => item.kind).sort();
    expect(kinds).toEqual(["rating", "vote"]);
    const voted = data.chats.flatMap((chat: { messages: { id: string; vote?: string }[] }) => chat.messages).find((message: { id: string }) => message.id === votedReply);
    expect(voted.vote).toBe("up");
    expect(JSON.stringify(data)).not.toContain(bob.email);
  });

  it("lists Alice's documents with a download that only her session opens, and her API keys without any secret", async () => {
    const notes = new TextEncoder().encode("# Field notes\n\nThe heron came back at dawn.\n");
    const uploaded = await uploadFile(app.baseUrl, alice, { bytes: notes, name: "field-notes.md", type: "text/markdown" });
    expect(uploaded.status).toBe(201);
    const created = await app.client.call("/api/keys", { method: "POST", as: alice, body: { name: "backup script" } });
    expect(created.status).toBe(201);
    await uploadFile(app.baseUrl, bob, { bytes: notes, name: "bobs-notes.md", type: "text/markdown" });

    const data = (await app.client.call("/api/account/export", { as: alice })).json;
    expect(data.documents).toEqual([expect.objectContaining({ id: uploaded.json.document.id, name: "field-notes.md", bytes: notes.length, fileUrl: `${app.baseUrl}/api/documents/${uploaded.json.document.id}/file` })]);
    expect(data.apiKeys).toEqual([expect.objectContaining({ id: created.json.key.id, name: "backup script", prefix: created.json.key.prefix })]);
    const text = JSON.stringify(data);
    expect(text).not.toContain(created.json.secret);
    expect(Object.keys(data.apiKeys[0]).sort()).toEqual(["createdAt", "expiresAt", "id", "lastUsedAt", "name", "prefix"]);
    expect(data.privacy).toMatch(/documents/);

    const fileUrl = new URL(data.documents[0].fileUrl).pathname;
    const download = await app.client.call(fileUrl, { as: alice });
    expect(download.status).toBe(200);
    expect(download.text).toBe(new TextDecoder().decode(notes));
    expectError(await app.client.call(fileUrl, { as: bob }), 404, "not_found");
  });

  it("leaves out Erin's usage, charges, plan and alerts: the operator's records, not her content", async () => {
    const erin = await app.client.signUp("Erin");
    await fillAccount(erin);
    const pg = await database();
    await pg.query("insert into usage_plans (user_id, plan) values ($1, 'pro') on conflict (user_id) do update set plan = 'pro'", [erin.id]);
    const alert = await pg.query<{ id: string }>(
      `insert into private.alert_events (rule, key, severity, summary, details, user_id, delivery)
       values ('user_budget', $2, 'warning', 'User has used 80.0% of the budget', '{}', $1, 'skipped') returning id`,
      [erin.id, `user_budget:${erin.id}:test:80`],
    );
    const charges = await pg.query<{ id: string }>("select id from usage_charges where user_id = $1", [erin.id]);
    expect(charges.rows.length).toBeGreaterThan(0);

    const response = await app.client.call("/api/account/export", { as: erin });
    expect(response.status).toBe(200);
    const data = response.json;
    expect(Object.keys(data).sort()).toEqual(["apiKeys", "chats", "documents", "exportedAt", "feedback", "format", "memories", "privacy", "profile", "settings", "shares", "version"]);
    expect(data.privacy).toMatch(/audit log.*keeps those entries with your account.s id, and without your email/);
    const messages = data.chats.flatMap((chat: { messages: Record<string, unknown>[] }) => chat.messages);
    expect(messages.length).toBe(6);
    expect(messages.filter((message: Record<string, unknown>) => "usage" in message)).toEqual([]);
    const text = response.text;
    for (const id of [alert.rows[0]!.id, ...charges.rows.map((row) => row.id)]) expect(text).not.toContain(id);
    expect(text).not.toMatch(/"(usage|charges|plan|alerts|costUsd|inputTokens)"/);
  });

  it("without an identity it is 401", async () => {
    expectError(await app.client.call("/api/account/export"), 401, "unauthorized");
  });
});

describe("delete account", () => {
  it("Carol deletes her account: every row of hers in every table is gone but the tombstone that refuses her tokens, the cookie is cleared, Bob keeps his", async () => {
    const carol = await app.client.signUp("Carol");
    await fillAccount(carol);
    const bobBefore = await rowsOf(bob.id);
    expect(Object.values(await rowsOf(carol.id)).some((count) => count > 0)).toBe(true);

    const response = await app.client.call("/api/account", { method: "DELETE", as: carol });
    expect(response.status).toBe(204);
    expect(response.headers.get("set-cookie")).toMatch(/^mneme-session=; .*Max-Age=0/);

    const left = await rowsOf(carol.id);
    expect(Object.entries(left).filter(([, count]) => count > 0)).toEqual([["private.deleted_accounts", 1]]);
    // The tombstone is her id and two times, kept only as long as a token of hers could still be valid.
    const tombstone = await (await database()).query<Record<string, unknown>>("select * from private.deleted_accounts where user_id = $1", [carol.id]);
    expect(Object.keys(tombstone.rows[0]!).sort()).toEqual(["deleted_at", "tokens_valid_until", "user_id"]);
    const keptFor = new Date(tombstone.rows[0]!.tokens_valid_until as string).getTime() - Date.now();
    expect(keptFor).toBeGreaterThan(7 * 24 * 3600_000 - 60_000);
    expect(keptFor).toBeLessThanOrEqual(7 * 24 * 3600_000);
    expect(Object.keys(left)).toEqual(expect.arrayContaining(["public.chats", "public.messages", "public.user_settings", "public.feedback", "public.profiles", "auth.users"]));
    const pg = await database();
    const windows = await pg.query("select key from private.rate_limit_windows where key like $1", [`%${carol.email}%`]);
    expect(windows.rows).toEqual([]);
    expect(await rowsOf(bob.id)).toEqual(bobBefore);

    const login = await app.client.call("/api/auth/login", { method: "POST", body: { email: carol.email, password: carol.password } });
    expectError(login, 401, "unauthorized");
  });

  it("Dave's other session dies with his account: every route answers 401 to it, never 500, and nothing is written", async () => {
    const signedUp = await app.client.signUp("Dave");
    const { chatIds } = await fillAccount(signedUp);
    // Dave is also signed in on another device; he deletes his account from the first.
    const login = await app.client.call("/api/auth/login", { method: "POST", body: { email: signedUp.email, password: signedUp.password } });
    const dave = { ...signedUp, cookie: `mneme-session=${login.json.accessToken}` };
    expect((await app.client.call("/api/account", { method: "DELETE", as: signedUp, via: "bearer" })).status).toBe(204);
    // The session that deleted the account is signed out like any other.
    expectError(await app.client.call("/api/chats", { as: signedUp, via: "bearer" }), 401, "unauthorized");

    expectError(await app.client.call("/api/chats", { as: dave }), 401, "unauthorized");
    expectError(await app.client.call("/api/chats", { as: dave, via: "bearer" }), 401, "unauthorized");
    expectError(await app.client.call(`/api/chats/${chatIds[0]}`, { as: dave }), 401, "unauthorized");
    expectError(await app.client.call("/api/chats", { method: "POST", as: dave, body: { title: "ghost" } }), 401, "unauthorized");
    expectError(await app.client.call("/api/settings", { method: "PATCH", as: dave, body: { theme: "light" } }), 401, "unauthorized");
    expectError(await app.client.call("/api/feedback", { method: "POST", as: dave, body: { rating: 2 } }), 401, "unauthorized");
    expectError(await app.client.call("/api/chat", { method: "POST", as: dave, body: { message: "still here?" } }), 401, "unauthorized");
    expectError(await app.client.call("/api/account/export", { as: dave }), 401, "unauthorized");
    expectError(await app.client.call("/api/account", { method: "DELETE", as: dave }), 401, "unauthorized");
    expect((await app.client.call("/api/auth/session", { as: dave })).json).toEqual({ user: null });
    expect((await app.client.call("/chat", { as: dave })).status).toBe(307);
    expect(Object.entries(await rowsOf(dave.id)).filter(([, count]) => count > 0)).toEqual([["private.deleted_accounts", 1]]);
  });

  it("the same email can sign up again afresh", async () => {
    const erin = await app.client.signUp("Erin");
    expect((await app.client.call("/api/account", { method: "DELETE", as: erin })).status).toBe(204);
    const again = await app.client.call("/api/auth/signup", { method: "POST", body: { email: erin.email, password: erin.password } });
    expect(again.status).toBe(201);
    expect(again.json.user.id).not.toBe(erin.id);
  });

  it("a cookie DELETE from another origin is 403 and deletes nothing; without an identity it is 401", async () => {
    const response = await app.client.call("/api/account", { method: "DELETE", as: bob, headers: { origin: "https://evil.example" } });
    expectError(response, 403, "forbidden");
    expect((await rowsOf(bob.id))["auth.users"]).toBe(1);
    expectError(await app.client.call("/api/account", { method: "DELETE" }), 401, "unauthorized");
  });
});
