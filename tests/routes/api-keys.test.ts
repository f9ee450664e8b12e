import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { parseSse, expectError, type Person } from "../support/client";
import { database, grantAdmin, setUpAppServer } from "../support/route-suite";

const chatLimit = 6;
const app = setUpAppServer({ RATE_LIMIT_CHAT_PER_MINUTE: String(chatLimit), PLAN_FREE_MONTHLY_REQUESTS: "100000" });
let alice: Person;
let bob: Person;
let aliceChatId: string;

beforeAll(async () => {
  alice = await app.client.signUp("Alice");
  bob = await app.client.signUp("Bob");
  aliceChatId = (await app.client.call("/api/chats", { method: "POST", as: alice, body: { title: "Alice's plans" } })).json.chat.id as string;
});

interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

async function createKey(person: Person, body: Record<string, unknown> = { name: "script" }): Promise<{ key: ApiKey; secret: string }> {
  const response = await app.client.call("/api/keys", { method: "POST", as: person, body });
  expect(response.status, response.text).toBe(201);
  return response.json as { key: ApiKey; secret: string };
}

type CallOptions = Parameters<typeof app.client.call>[1];
const withKey = (secret: string, pathname: string, options: CallOptions = {}) =>
  app.client.call(pathname, { ...options, as: null, headers: { ...options?.headers, authorization: `Bearer ${secret}` } });

const idHex = (person: Person) => person.id.replaceAll("-", "");
const randomSecretPart = () => randomBytes(32).toString("base64url");

async function requestCounts(userId: string): Promise<Record<string, number>> {
  const pg = await database();
  const rows = await pg.query<{ key: string; requests: number }>(
    "select route_group || ' ' || status_class as key, sum(requests)::int as requests from usage_requests where user_id = $1 group by 1",
    [userId],
  );
  return Object.fromEntries(rows.rows.map((row) => [row.key, row.requests]));
}

/** Everything of Alice's a forged request could change or count. */
async function aliceState() {
  const pg = await database();
  const one = async (text: string) => (await pg.query<Record<string, unknown>>(text, [alice.id])).rows;
  return {
    counts: await requestCounts(alice.id),
    chats: await one("select id, title, pinned, archived from chats where user_id = $1 order by id"),
    messages: await one("select count(*)::int as n from messages where user_id = $1"),
    settings: await one("select theme, system_prompt from user_settings where user_id = $1"),
    keys: await one("select id, revoked_at, last_used_at from api_keys where user_id = $1 order by id"),
    feedback: await one("select count(*)::int as n from feedback where user_id = $1"),
    profile: await one("select id from profiles where id = $1"),
    limiter: (await pg.query("select key, hits, window_start from private.rate_limit_windows where key like $1 order by key", [`user:${alice.id}:%`])).rows,
  };
}

/** Fixed one-minute windows: start a burst with enough of the window left that it cannot straddle two. */
async function awaitFreshWindow(neededSeconds = 20) {
  const left = 60 - ((Date.now() / 1000) % 60);
  if (left < neededSeconds) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 200));
}

describe("creating and listing keys", () => {
  it("Alice creates a key: the secret is shown once, the list shows its prefix and never the secret, and only a hash is stored", async () => {
    const { key, secret } = await createKey(alice, { name: "  Backup script  " });
    expect(secret).toMatch(new RegExp(`^mnk_[A-Za-z0-9_-]{43}${idHex(alice)}$`));
    expect(key).toEqual({ id: expect.any(String), name: "Backup script", prefix: secret.slice(0, 12), createdAt: expect.any(String), expiresAt: null, lastUsedAt: null });

    const list = await app.client.call("/api/keys", { as: alice });
    expect(list.status).toBe(200);
    expect(list.json.keys).toContainEqual(key);
    expect(list.text).not.toContain(secret.slice(12, 40));

    const pg = await database();
    const stored = (await pg.query<{ secret_hash: string }>("select secret_hash from api_keys where id = $1", [key.id])).rows[0]!;
    expect(stored.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    const everything = JSON.stringify((await pg.query("select * from api_keys where id = $1", [key.id])).rows);
    expect(everything).not.toContain(secret.slice(4, 47));
  });

  it.each<[Record<string, unknown>, string?]>([
    [{}, "no name"],
    [{ name: "" }, "an empty name"],
    [{ name: "   " }, "a blank name"],
    [{ name: "x".repeat(101) }, "a name over 100 characters"],
    [{ name: "ok", scope: "all" }, "an unknown field"],
    [{ name: "ok", expiresAt: "tomorrow" }, "a malformed expiry"],
    [{ name: "ok", expiresAt: new Date(Date.now() - 60_000).toISOString() }, "an expiry in the past"],
    [{ name: 5 }, "a name that is not a string"],
  ])("%j (%s) is 400 and creates nothing", async (body) => {
    const before = await aliceState();
    expectError(await app.client.call("/api/keys", { method: "POST", as: alice, body }), 400, "invalid_input");
    expect((await aliceState()).keys).toEqual(before.keys);
  });

  it("a name of exactly 100 characters and an expiry in the future are taken", async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const { key } = await createKey(alice, { name: "n".repeat(100), expiresAt });
    expect(key.name).toHaveLength(100);
    expect(key.expiresAt).toBe(expiresAt);
  });

  it("without an identity the key routes answer 401", async () => {
    expectError(await app.client.call("/api/keys"), 401, "unauthorized");
    expectError(await app.client.call("/api/keys", { method: "POST", body: { name: "x" } }), 401, "unauthorized");
  });
});

describe("using a key", () => {
  it("Alice's key reads and writes her data as her, and her session and her key share one per-minute window and one counter", async () => {
    const { secret } = await createKey(alice);
    const chats = await withKey(secret, "/api/chats");
    expect(chats.status).toBe(200);
    expect(chats.json.chats.map((chat: { id: string }) => chat.id)).toContain(aliceChatId);

    const created = await withKey(secret, "/api/chats", { method: "POST", body: { title: "Made by a script" } });
    expect(created.status).toBe(201);
    const pg = await database();
    expect((await pg.query("select user_id from chats where id = $1", [created.json.chat.id])).rows).toEqual([{ user_id: alice.id }]);

    await awaitFreshWindow();
    const before = await requestCounts(alice.id);
    const bySession = await app.client.call("/api/settings", { as: alice });
    const byKey = await withKey(secret, "/api/settings");
    expect(byKey.status).toBe(200);
    expect(byKey.json).toEqual(bySession.json);
    expect(byKey.headers.get("ratelimit-limit")).toBe(bySession.headers.get("ratelimit-limit"));
    expect(Number(byKey.headers.get("ratelimit-remaining"))).toBe(Number(bySession.headers.get("ratelimit-remaining")) - 1);
    expect((await requestCounts(alice.id))["settings 2xx"]).toBe((before["settings 2xx"] ?? 0) + 2);
  }, 60_000);

  it("a chat turn by key streams like one by session, is stored as Alice's, and counts against her chat limit", async () => {
    const carol = await app.client.signUp("Carol");
    const { secret } = await createKey(carol);
    await awaitFreshWindow(30);
    const turn = await withKey(secret, "/api/chat", { method: "POST", body: { message: "Hello from a script" } });
    expect(turn.status, turn.text).toBe(200);
    expect(turn.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = parseSse(turn.text);
    expect(events.at(-1)?.event).toBe("done");
    const chatId = events.find((event) => event.event === "meta")!.data.chatId as string;
    const pg = await database();
    expect((await pg.query("select user_id from chats where id = $1", [chatId])).rows).toEqual([{ user_id: carol.id }]);

    // The key and the session draw on the same chat limit: what one spends, the other lacks.
    for (let sent = 1; sent < chatLimit; sent++) {
      const response = sent % 2 ? await app.client.call("/api/chat", { method: "POST", as: carol, body: { chatId, message: `turn ${sent}` } }) : await withKey(secret, "/api/chat", { method: "POST", body: { chatId, message: `turn ${sent}` } });
      expect(response.status, response.text).toBe(200);
    }
    expectError(await withKey(secret, "/api/chat", { method: "POST", body: { chatId, message: "one too many" } }), 429, "rate_limited");
    expectError(await app.client.call("/api/chat", { method: "POST", as: carol, body: { chatId, message: "one too many" } }), 429, "rate_limited");
    expect((await requestCounts(carol.id))["chat 2xx"]).toBe(chatLimit);
  }, 90_000);

  it("a request that opens no transaction (a malformed id) is answered and counted as the person's own would be", async () => {
    const { secret } = await createKey(alice);
    const before = await requestCounts(alice.id);
    expectError(await withKey(secret, "/api/chats/not-a-uuid", { method: "DELETE" }), 404, "not_found");
    expectError(await app.client.call("/api/chats/not-a-uuid", { method: "DELETE", as: alice }), 404, "not_found");
    expect((await requestCounts(alice.id))["chats 4xx"]).toBe((before["chats 4xx"] ?? 0) + 2);
  });

  it("lastUsedAt is written on first use and at most once a minute after that", async () => {
    const { key, secret } = await createKey(alice);
    expect((await withKey(secret, "/api/models")).status).toBe(200);
    const pg = await database();
    const lastUsed = async () => (await pg.query<{ last_used_at: Date | null }>("select last_used_at from api_keys where id = $1", [key.id])).rows[0]!.last_used_at;
    const first = await lastUsed();
    expect(first).not.toBeNull();
    expect((await withKey(secret, "/api/chats")).status).toBe(200);
    expect(await lastUsed()).toEqual(first);

    await pg.query("update api_keys set last_used_at = now() - interval '61 seconds' where id = $1", [key.id]);
    const aged = await lastUsed();
    expect((await withKey(secret, "/api/chats")).status).toBe(200);
    expect((await lastUsed())!.getTime()).toBeGreaterThan(aged!.getTime());
    const listed = (await app.client.call("/api/keys", { as: alice })).json.keys.find((item: ApiKey) => item.id === key.id);
    expect(listed.lastUsedAt).toBe((await lastUsed())!.toISOString());
  });

  it("an expired key answers 401 on every kind of route and counts nothing", async () => {
    const { key, secret } = await createKey(alice, { name: "short-lived", expiresAt: new Date(Date.now() + 60_000).toISOString() });
    expect((await withKey(secret, "/api/chats")).status).toBe(200);
    const pg = await database();
    await pg.query("update api_keys set expires_at = now() - interval '1 second' where id = $1", [key.id]);
    const before = await aliceState();
    expectError(await withKey(secret, "/api/chats"), 401, "unauthorized");
    expectError(await withKey(secret, "/api/chat", { method: "POST", body: { message: "still there?" } }), 401, "unauthorized");
    expectError(await withKey(secret, "/api/models"), 401, "unauthorized");
    expect(await aliceState()).toEqual(before);
  });

  it("a revoked key answers 401 from then on, leaves the list, and revoking it again is 404", async () => {
    const { key, secret } = await createKey(alice, { name: "to revoke" });
    expect((await withKey(secret, "/api/chats")).status).toBe(200);
    const revoked = await app.client.call(`/api/keys/${key.id}`, { method: "DELETE", as: alice });
    expect(revoked.status).toBe(204);
    expectError(await withKey(secret, "/api/chats"), 401, "unauthorized");
    expect((await app.client.call("/api/keys", { as: alice })).json.keys.map((item: ApiKey) => item.id)).not.toContain(key.id);
    expectError(await app.client.call(`/api/keys/${key.id}`, { method: "DELETE", as: alice }), 404, "not_found");
    expectError(await app.client.call("/api/keys/not-a-uuid", { method: "DELETE", as: alice }), 404, "not_found");
  });
});

describe("what a key may not do", () => {
  it("a key cannot list, create or revoke keys, sign out or delete the account (403), and nothing changes", async () => {
    const { key, secret } = await createKey(alice);
    const before = await aliceState();
    expectError(await withKey(secret, "/api/keys"), 403, "forbidden");
    expectError(await withKey(secret, "/api/keys", { method: "POST", body: { name: "minted" } }), 403, "forbidden");
    expectError(await withKey(secret, `/api/keys/${key.id}`, { method: "DELETE" }), 403, "forbidden");
    expectError(await withKey(secret, "/api/auth/logout", { method: "POST" }), 403, "forbidden");
    expectError(await withKey(secret, "/api/account", { method: "DELETE" }), 403, "forbidden");
    const after = await aliceState();
    expect({ ...after, keys: after.keys.map(({ id, revoked_at }) => ({ id, revoked_at })) }).toEqual({ ...before, keys: before.keys.map(({ id, revoked_at }) => ({ id, revoked_at })) });
    expect((await withKey(secret, "/api/chats")).status).toBe(200);
  });

  it("a key never grants admin rights: an admin's own key answers 403 on admin routes, while the admin's session is let in", async () => {
    const dana = await app.client.signUp("Dana");
    await grantAdmin(dana.email);
    const { secret } = await createKey(dana);
    expect((await app.client.call("/api/admin/overview", { as: dana })).status).toBe(200);
    expectError(await withKey(secret, "/api/admin/overview"), 403, "forbidden");
    expectError(await withKey(secret, "/api/admin/usage.csv"), 403, "forbidden");
    const session = await withKey(secret, "/api/auth/session");
    expect(session.json).toEqual({ user: { id: dana.id, email: dana.email, isAdmin: false } });
  });
});

describe("isolation", () => {
  it("Bob's key never reaches Alice's chat, and Bob cannot revoke Alice's key (404), which keeps working", async () => {
    const { secret: bobSecret } = await createKey(bob);
    const { key: aliceKey, secret: aliceSecret } = await createKey(alice);
    expectError(await withKey(bobSecret, `/api/chats/${aliceChatId}`), 404, "not_found");
    expectError(await withKey(bobSecret, `/api/chats/${aliceChatId}`, { method: "PATCH", body: { title: "Bob was here" } }), 404, "not_found");
    expect((await withKey(bobSecret, "/api/chats")).json.chats.map((chat: { id: string }) => chat.id)).not.toContain(aliceChatId);
    expectError(await app.client.call(`/api/keys/${aliceKey.id}`, { method: "DELETE", as: bob }), 404, "not_found");
    expect((await app.client.call("/api/keys", { as: bob })).json.keys.map((item: ApiKey) => item.id)).not.toContain(aliceKey.id);
    expect((await withKey(aliceSecret, `/api/chats/${aliceChatId}`)).json.chat.title).toBe("Alice's plans");
  });

  it("Bob's secret with Alice's id in it is no key of Alice's (401)", async () => {
    const { secret: bobSecret } = await createKey(bob);
    const spliced = `${bobSecret.slice(0, 47)}${idHex(alice)}`;
    const before = await aliceState();
    expectError(await withKey(spliced, "/api/chats"), 401, "unauthorized");
    expectError(await withKey(spliced, "/api/chat", { method: "POST", body: { message: "as Alice?" } }), 401, "unauthorized");
    expect(await aliceState()).toEqual(before);
  });
});

describe("forged keys on every kind of route", () => {
  let revokedSecret: string;
  beforeAll(async () => {
    const { key, secret } = await createKey(alice, { name: "revoked for the forgery tests" });
    await app.client.call(`/api/keys/${key.id}`, { method: "DELETE", as: alice });
    revokedSecret = secret;
  });

  const forgeries: [string, () => string][] = [
    ["an unknown secret bearing Alice's id", () => `mnk_${randomSecretPart()}${idHex(alice)}`],
    ["Alice's revoked key", () => revokedSecret],
    ["a malformed key", () => "mnk_not-a-real-key"],
  ];

  const routes: [string, string, CallOptions][] = [
    ["read", "/api/chats", {}],
    ["read one", `/api/chats/{chat}`, {}],
    ["write", "/api/chats", { method: "POST", body: { title: "Forged" } }],
    ["update", `/api/chats/{chat}`, { method: "PATCH", body: { title: "Forged" } }],
    ["delete", `/api/chats/{chat}`, { method: "DELETE" }],
    ["malformed id", "/api/chats/not-a-uuid", { method: "DELETE" }],
    ["settings write", "/api/settings", { method: "PATCH", body: { systemPrompt: "forged" } }],
    ["feedback write", "/api/feedback", { method: "POST", body: { rating: 1 } }],
    ["streaming chat", "/api/chat", { method: "POST", body: { message: "forged turn" } }],
    ["reply stream", `/api/chats/{chat}/stream`, {}],
    ["live events", "/api/events", {}],
    ["memory search", "/api/memory/search", { method: "POST", body: { query: "plans" } }],
    ["usage", "/api/usage", {}],
    ["models", "/api/models", {}],
    ["export", "/api/account/export", {}],
    ["share", `/api/chats/{chat}/shares`, { method: "POST" }],
    ["keys", "/api/keys", { method: "POST", body: { name: "minted" } }],
    ["sign out", "/api/auth/logout", { method: "POST" }],
    ["account delete", "/api/account", { method: "DELETE" }],
    ["admin", "/api/admin/overview", {}],
    ["session", "/api/auth/session", {}],
  ];

  it.each(forgeries)("%s answers 401 on every route kind, and nothing of Alice's is counted or changed", async (_name, forge) => {
    const secret = forge();
    const before = await aliceState();
    for (const [kind, pathname, options] of routes) {
      const response = await withKey(secret, pathname.replace("{chat}", aliceChatId), options);
      expect({ kind, status: response.status, code: response.json?.error?.code }).toEqual({ kind, status: 401, code: "unauthorized" });
      expect(response.headers.get("ratelimit-limit"), kind).toBeNull();
    }
    expect(await aliceState()).toEqual(before);
  });
});

describe("failing closed", () => {
  it("when the key check cannot run, a keyed request is 503 on every kind of route, never served nor counted", async () => {
    const { key, secret } = await createKey(alice, { name: "while the check is broken" });
    const pg = await database();
    const broken = "create or replace function private.check_api_key(p_user_id uuid, p_hash text) returns boolean language plpgsql volatile set search_path = '' as $$ begin raise exception 'the check is broken'; end $$";
    const source = (await pg.query<{ definition: string }>("select pg_get_functiondef('private.check_api_key(uuid, text)'::regprocedure) as definition")).rows[0]!.definition;
    const before = await aliceState();
    await pg.exec(broken);
    try {
      for (const [pathname, options] of [
        ["/api/chats", {}],
        ["/api/chats", { method: "POST", body: { title: "While broken" } }],
        ["/api/chat", { method: "POST", body: { message: "while broken" } }],
        ["/api/models", {}],
        ["/api/account/export", {}],
        ["/api/auth/session", {}],
        ["/api/keys", {}],
      ] as [string, CallOptions][]) {
        const response = await withKey(secret, pathname, options);
        expect({ pathname, status: response.status, code: response.json?.error?.code }).toEqual({ pathname, status: 503, code: "unavailable" });
      }
    } finally {
      await pg.exec(source);
    }
    const after = await aliceState();
    expect({ ...after, keys: after.keys.filter((row) => row.id !== key.id) }).toEqual({ ...before, keys: before.keys.filter((row) => row.id !== key.id) });
    expect((await withKey(secret, "/api/chats")).status).toBe(200);
  });
});
