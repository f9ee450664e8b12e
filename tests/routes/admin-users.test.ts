import { beforeAll, describe, expect, it } from "vitest";
import { sendChat } from "../support/chat";
import { expectError, type Person } from "../support/client";
import { database, grantAdmin, setUpAppServer } from "../support/route-suite";

// The operator's console for people (API.md, Operations): Olivia is the admin, Mallory is not.
const app = setUpAppServer({ OFFLINE_MODELS: "offline-large", PLAN_FREE_MONTHLY_REQUESTS: "100000" });

let olivia: Person;
let mallory: Person;

beforeAll(async () => {
  olivia = await app.client.signUp("Olivia");
  await grantAdmin(olivia.email);
  mallory = await app.client.signUp("Mallory");
});

const admin = (path: string, options: { method?: string; body?: unknown } = {}) => app.client.call(path, { ...options, as: olivia });

async function auditCount(): Promise<number> {
  const pg = await database();
  return (await pg.query<{ n: number }>("select count(*)::int as n from public.admin_audit_log")).rows[0]!.n;
}

async function usagePlanRow(userId: string) {
  const pg = await database();
  return (await pg.query("select plan, status, api_requests_per_minute, chat_requests_per_minute, monthly_requests, monthly_budget_micro_usd from public.usage_plans where user_id = $1", [userId])).rows[0] ?? null;
}

/** Fixed one-minute windows: start a burst with enough of the window left that it cannot straddle two. */
async function awaitFreshWindow(neededSeconds = 20) {
  const left = 60 - (Date.now() / 1000) % 60;
  if (left < neededSeconds) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 200));
}

describe("every admin route refuses a non-admin", () => {
  it("Mallory gets 403 from each, by cookie and by bearer token, whatever she sends, and nothing changes", async () => {
    const bob = await app.client.signUp("Bob");
    const before = { audit: await auditCount(), bob: await usagePlanRow(bob.id) };
    const calls: [string, string, unknown?][] = [
      ["GET", "/api/admin/users"],
      ["GET", "/api/admin/users?sort=nonsense&limit=0"],
      ["GET", `/api/admin/users/${bob.id}`],
      ["GET", "/api/admin/users/not-a-uuid"],
      ["PATCH", `/api/admin/users/${bob.id}`, { plan: "pro" }],
      ["PATCH", `/api/admin/users/${bob.id}`, { status: "suspended" }],
      ["PATCH", `/api/admin/users/${mallory.id}`, { limits: { apiRequestsPerMinute: 1_000_000 } }],
      ["PATCH", `/api/admin/users/${bob.id}`, { unknown: true }],
      ["GET", "/api/admin/plans"],
      ["POST", "/api/admin/plans", { id: "mallory", name: "Mine", apiRequestsPerMinute: 1, chatRequestsPerMinute: 1, monthlyRequests: null, monthlyBudgetUsd: null, models: null }],
      ["POST", "/api/admin/plans", {}],
      ["PATCH", "/api/admin/plans/free", { monthlyRequests: null }],
      ["DELETE", "/api/admin/plans/pro"],
      ["GET", "/api/admin/audit"],
      ["GET", "/api/admin/audit?cursor=bogus"],
    ];
    for (const via of ["cookie", "bearer"] as const) {
      for (const [method, path, body] of calls) {
        const response = await app.client.call(path, { method, body, as: mallory, via });
        expectError(response, 403, "forbidden");
      }
    }
    for (const [method, path, body] of calls) expectError(await app.client.call(path, { method, body }), 401, "unauthorized");
    expect({ audit: await auditCount(), bob: await usagePlanRow(bob.id) }).toEqual(before);
    const pg = await database();
    expect((await pg.query("select id from public.plans order by id")).rows).toEqual([{ id: "free" }, { id: "pro" }]);
  });
});

describe("the users table", () => {
  it("Olivia finds people by part of their email, sorted by any column, a page at a time", async () => {
    const tag = crypto.randomUUID().slice(0, 6);
    const people: Person[] = [];
    for (const name of ["Ann", "Ben", "Cat", "Dan", "Eve"]) people.push(await app.client.signUp(`${name}${tag}`));
    // Ben and Cat made requests this month; Cat the most.
    for (let index = 0; index < 3; index++) await app.client.call("/api/chats", { as: people[2]! });
    await app.client.call("/api/chats", { as: people[1]! });

    const found = await admin(`/api/admin/users?q=${tag.toUpperCase()}&sort=email`);
    expect(found.status).toBe(200);
    expect(found.json.users.map((user: { email: string }) => user.email)).toEqual(people.map((person) => person.email).sort());
    expect(found.json.nextCursor).toBeNull();
    const cat = found.json.users.find((user: { id: string }) => user.id === people[2]!.id);
    expect(cat).toEqual({
      id: people[2]!.id,
      email: people[2]!.email,
      createdAt: expect.any(String),
      lastActiveAt: expect.any(String),
      plan: "free",
      planName: "Free",
      status: "active",
      limits: null,
      effectiveLimits: { apiRequestsPerMinute: 100000, chatRequestsPerMinute: 100000, monthlyRequests: 100000, monthlyBudgetUsd: 2, models: null },
      month: { requests: 3, inputTokens: 0, outputTokens: 0, costUsd: 0 },
      budgetUsedFraction: 0,
    });
    expect(found.json.users.find((user: { id: string }) => user.id === people[0]!.id).lastActiveAt).toBeNull();

    // Two at a time, by requests descending: the pages join up to the whole, in order, without repeats.
    const seen: { id: string; requests: number }[] = [];
    let cursor: string | null = null;
    do {
      const page = await admin(`/api/admin/users?q=${tag}&sort=-requests&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      expect(page.json.users.length).toBeLessThanOrEqual(2);
      seen.push(...page.json.users.map((user: { id: string; month: { requests: number } }) => ({ id: user.id, requests: user.month.requests })));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen.map((user) => user.id)).size).toBe(5);
    expect(seen.slice(0, 2)).toEqual([{ id: people[2]!.id, requests: 3 }, { id: people[1]!.id, requests: 1 }]);

    // A search for `%` matches a percent sign, not everything.
    expect((await admin("/api/admin/users?q=%25")).json.users).toEqual([]);
    // A cursor of another sort, or none the list gave, is refused.
    const byEmail = await admin(`/api/admin/users?q=${tag}&sort=email&limit=1`);
    expectError(await admin(`/api/admin/users?q=${tag}&sort=-requests&cursor=${byEmail.json.nextCursor}`), 400, "invalid_input");
    expectError(await admin("/api/admin/users?cursor=bm90IGpzb24"), 400, "invalid_input");
    expectError(await admin("/api/admin/users?sort=password"), 400, "invalid_input");
  });

  it("a user's page has their days, models, feedback without message text, and audit; an unknown id is 404", async () => {
    const gus = await app.client.signUp("Gus");
    const { meta } = await sendChat(app.client, gus, { message: "A private thought about tides" });
    expect((await app.client.call("/api/feedback", { method: "POST", as: gus, body: { messageId: meta.assistantMessageId, vote: "up" } })).status).toBeLessThan(300);
    const detail = await admin(`/api/admin/users/${gus.id}`);
    expect(detail.status).toBe(200);
    expect(detail.json.daily).toHaveLength(30);
    expect(detail.json.daily.at(-1)).toMatchObject({ date: new Date().toISOString().slice(0, 10), requests: expect.any(Number) });
    expect(detail.json.byModel).toEqual([expect.objectContaining({ model: "offline", requests: 1 })]);
    expect(detail.json.feedback).toEqual([expect.objectContaining({ kind: "vote", vote: "up", model: "offline", comment: null })]);
    expect(detail.text).not.toContain("tides");
    expect(detail.json.audit).toEqual([]);
    expectError(await admin(`/api/admin/users/${crypto.randomUUID()}`), 404, "not_found");
    expectError(await admin(`/api/admin/users/${crypto.randomUUID()}`, { method: "PATCH", body: { plan: "pro" } }), 404, "not_found");
  });
});

describe("plans and limits hold from the next request", () => {
  it("Dave moved to a plan of 4 API requests a minute gets exactly 4 in a burst of 12, counting the one before the change", async () => {
    const dave = await app.client.signUp("Dave");
    const created = await admin("/api/admin/plans", {
      method: "POST",
      body: { id: "tiny", name: "Tiny", apiRequestsPerMinute: 4, chatRequestsPerMinute: 3, monthlyRequests: 50, monthlyBudgetUsd: 1.5, models: ["offline"] },
    });
    expect(created.status).toBe(201);
    await awaitFreshWindow();
    const first = await app.client.call("/api/chats", { as: dave });
    expect(first.headers.get("ratelimit-limit")).toBe("100000");

    const moved = await admin(`/api/admin/users/${dave.id}`, { method: "PATCH", body: { plan: "tiny" } });
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({ plan: "tiny", planName: "Tiny", limits: null, effectiveLimits: { apiRequestsPerMinute: 4 } });
    const burst = await Promise.all(Array.from({ length: 12 }, () => app.client.call("/api/chats", { as: dave })));
    expect(burst.filter((response) => response.status === 200)).toHaveLength(3);
    for (const response of burst.filter((response) => response.status !== 200)) {
      expectError(response, 429, "rate_limited");
      expect(response.headers.get("ratelimit-limit")).toBe("4");
    }
    const usage = await app.client.call("/api/usage", { as: dave });
    expect(usage.status).toBe(429);
  });

  it("Erin's own limits override her plan's at once: 2 chats a minute of 6, a monthly quota of 2, shown on her usage page", async () => {
    const erin = await app.client.signUp("Erin");
    expect((await admin(`/api/admin/users/${erin.id}`, { method: "PATCH", body: { plan: "tiny", limits: { chatRequestsPerMinute: 2, monthlyRequests: 2 } } })).status).toBe(200);
    const usage = await app.client.call("/api/usage", { as: erin });
    expect(usage.json).toMatchObject({
      plan: "tiny",
      planName: "Tiny",
      limits: { requestsPerMinute: 4, chatRequestsPerMinute: 2, monthlyRequests: 2, monthlyBudgetUsd: 1.5, models: ["offline"], own: true },
    });
    await awaitFreshWindow();
    const chats = await Promise.all(Array.from({ length: 6 }, (_, index) => app.client.call("/api/chat", { method: "POST", as: erin, body: { message: `Burst ${index}` } })));
    expect(chats.filter((response) => response.status === 200)).toHaveLength(2);
    for (const response of chats.filter((response) => response.status !== 200)) expect(response.headers.get("ratelimit-limit")).toBe("2");

    // Limits back to the plan's: the chat limit is 3 again, and the monthly quota is the plan's 50.
    const reset = await admin(`/api/admin/users/${erin.id}`, { method: "PATCH", body: { limits: null } });
    expect(reset.json).toMatchObject({ limits: null, effectiveLimits: { chatRequestsPerMinute: 3, monthlyRequests: 50 } });
    expect((await usagePlanRow(erin.id))).toMatchObject({ plan: "tiny", chat_requests_per_minute: null, monthly_requests: null });

    // A monthly quota of her own that is used up refuses the next chat before the model is called.
    // (Her per-minute limit is raised too: this window already counted the burst.)
    expect((await admin(`/api/admin/users/${erin.id}`, { method: "PATCH", body: { limits: { monthlyRequests: 2, chatRequestsPerMinute: 1000 } } })).status).toBe(200);
    expectError(await app.client.call("/api/chat", { method: "POST", as: erin, body: { message: "One more" } }), 429, "quota_exceeded");
  });

  it("a chat with a model the plan does not include answers 403 forbidden, naming the model", async () => {
    const finn = await app.client.signUp("Finn");
    expect((await admin(`/api/admin/users/${finn.id}`, { method: "PATCH", body: { plan: "tiny" } })).status).toBe(200);
    const refused = await app.client.call("/api/chat", { method: "POST", as: finn, body: { message: "Hello", model: "offline-large" } });
    expectError(refused, 403, "forbidden");
    expect(refused.json.error.message).toContain("offline-large");
    const pg = await database();
    expect((await pg.query("select count(*)::int as n from messages where user_id = $1", [finn.id])).rows[0]!.n).toBe(0);
    expect((await sendChat(app.client, finn, { message: "Hello", model: "offline" })).meta.model).toBe("offline");
  });

  it("bad changes answer 400 and change nothing: an unknown plan, limits out of range, unknown fields, an empty body", async () => {
    const gail = await app.client.signUp("Gail");
    const before = { audit: await auditCount(), row: await usagePlanRow(gail.id) };
    for (const body of [{ plan: "platinum" }, { plan: "Pro!" }, { limits: { apiRequestsPerMinute: 0 } }, { limits: { monthlyBudgetUsd: -1 } }, { limits: { extra: 1 } }, { status: "banned" }, { role: "admin" }, {}]) {
      expectError(await admin(`/api/admin/users/${gail.id}`, { method: "PATCH", body }), 400, "invalid_input");
    }
    expectError(await admin(`/api/admin/users/${olivia.id}`, { method: "PATCH", body: { status: "suspended" } }), 400, "invalid_input");
    expect({ audit: await auditCount(), row: await usagePlanRow(gail.id) }).toEqual(before);
  });
});

describe("suspension", () => {
  it("ends Hank's sessions at once, refuses his sign-in and every API with 403 account_suspended, and deletes nothing; reactivation lets him back", async () => {
    const hank = await app.client.signUp("Hank");
    const { meta } = await sendChat(app.client, hank, { message: "Remember the lighthouse" });
    const pg = await database();
    const countAll = async () =>
      (await pg.query<{ chats: number; messages: number; charges: number }>(
        "select (select count(*)::int from chats where user_id = $1) as chats, (select count(*)::int from messages where user_id = $1) as messages, (select count(*)::int from usage_charges where user_id = $1) as charges",
        [hank.id],
      )).rows[0]!;
    const before = await countAll();
    expect(before).toEqual({ chats: 1, messages: 2, charges: 1 });

    const suspended = await admin(`/api/admin/users/${hank.id}`, { method: "PATCH", body: { status: "suspended" } });
    expect(suspended.status).toBe(200);
    expect(suspended.json.status).toBe("suspended");

    // His cookie and his bearer token are ended sessions now.
    expectError(await app.client.call("/api/chats", { as: hank }), 401, "unauthorized");
    expectError(await app.client.call("/api/chats", { as: hank, via: "bearer" }), 401, "unauthorized");
    const signIn = await app.client.call("/api/auth/login", { method: "POST", body: { email: hank.email, password: hank.password } });
    expectError(signIn, 403, "account_suspended");
    expect(signIn.json.error.message).toMatch(/suspended/i);
    expect(signIn.headers.get("set-cookie")).toBeNull();
    // The wrong password still says only that it is wrong.
    expectError(await app.client.call("/api/auth/login", { method: "POST", body: { email: hank.email, password: "not-his-password" } }), 401, "unauthorized");

    // A token the server has not seen ended (as the Supabase mode's access tokens stay valid until
    // they expire) is refused by the admission on every API.
    // Issued a whole second after the suspension: token times are whole seconds, and one issued in
    // the suspension's own second counts as ended (refused 401) by the server.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const { signSessionToken } = await import("@/lib/auth/jwt");
    const { token } = await signSessionToken({ id: hank.id, email: hank.email });
    const stillValid: Person = { ...hank, accessToken: token, cookie: `mneme-session=${token}` };
    const everyApi: [string, string, unknown?][] = [
      ["GET", "/api/chats"],
      ["POST", "/api/chats", { title: "New" }],
      ["GET", `/api/chats/${meta.chatId}`],
      ["PATCH", `/api/chats/${meta.chatId}`, { title: "Renamed" }],
      ["DELETE", `/api/chats/${meta.chatId}`],
      ["POST", "/api/chat", { message: "Hello" }],
      ["GET", "/api/models"],
      ["GET", "/api/settings"],
      ["GET", "/api/usage"],
      ["GET", "/api/shares"],
      ["POST", "/api/feedback", { rating: 5 }],
      ["GET", "/api/account/export"],
      ["POST", "/api/memory/search", { query: "lighthouse" }],
      ["GET", "/api/events"],
      ["GET", "/api/admin/users"],
    ];
    for (const [method, path, body] of everyApi) {
      expectError(await app.client.call(path, { method, body, as: stillValid, via: "bearer" }), 403, "account_suspended");
    }
    expect(await countAll()).toEqual(before);
    expect((await pg.query("select title from chats where id = $1", [meta.chatId])).rows[0]).toBeDefined();

    const reactivated = await admin(`/api/admin/users/${hank.id}`, { method: "PATCH", body: { status: "active" } });
    expect(reactivated.json.status).toBe("active");
    expect((await app.client.call("/api/chats", { as: stillValid, via: "bearer" })).status).toBe(200);
    // Tokens count whole seconds: a sign-in in the second of the suspension would be ended with it.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const back = await app.client.call("/api/auth/login", { method: "POST", body: { email: hank.email, password: hank.password } });
    expect(back.status).toBe(200);
    const cookie = back.headers.get("set-cookie")!.split(";")[0]!;
    expect((await app.client.call("/api/chats", { as: { ...hank, cookie } })).json.chats).toHaveLength(1);
    expect(await countAll()).toEqual(before);

    const audit = await admin(`/api/admin/users/${hank.id}`);
    expect(audit.json.audit.map((entry: { action: string }) => entry.action)).toEqual(["user.reactivate", "user.suspend"]);
  });
});

describe("the audit log", () => {
  it("records each action with who, what, whom, before, after and when, newest first, a page at a time", async () => {
    const ivy = await app.client.signUp("Ivy");
    await admin(`/api/admin/users/${ivy.id}`, { method: "PATCH", body: { plan: "pro", limits: { apiRequestsPerMinute: 7 } } });
    // A change to what already holds is no action.
    await admin(`/api/admin/users/${ivy.id}`, { method: "PATCH", body: { plan: "pro" } });
    const entries = (await admin(`/api/admin/users/${ivy.id}`)).json.audit;
    expect(entries).toEqual([
      {
        id: expect.any(String),
        actorId: olivia.id,
        actorEmail: olivia.email,
        action: "user.limits",
        targetKind: "user",
        targetId: ivy.id,
        targetEmail: ivy.email,
        before: { limits: null },
        after: { limits: { apiRequestsPerMinute: 7, chatRequestsPerMinute: null, monthlyRequests: null, monthlyBudgetUsd: null } },
        createdAt: expect.any(String),
      },
      expect.objectContaining({ action: "user.plan", before: { plan: "free" }, after: { plan: "pro" } }),
    ]);
    const first = await admin("/api/admin/audit?limit=1");
    expect(first.json.entries).toHaveLength(1);
    expect(first.json.entries[0].action).toBe("user.limits");
    const second = await admin(`/api/admin/audit?limit=1&cursor=${first.json.nextCursor}`);
    expect(second.json.entries[0].action).toBe("user.plan");
  });

  it("cannot be changed by anyone: no route writes it, and the database refuses updates and deletes even to its owner", async () => {
    const pg = await database();
    const before = (await pg.query("select * from public.admin_audit_log order by seq")).rows;
    expect(before.length).toBeGreaterThan(0);
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) expect((await admin("/api/admin/audit", { method, body: {} })).status).toBe(405);
    for (const statement of ["update public.admin_audit_log set action = 'user.plan'", "update public.admin_audit_log set target_email = 'x@example.com'", "delete from public.admin_audit_log", "truncate public.admin_audit_log"]) {
      await expect(pg.query(statement), statement).rejects.toThrow(/append-only/);
    }
    expect((await pg.query("select * from public.admin_audit_log order by seq")).rows).toEqual(before);
  });

  it("keeps a deleted account's entries with its id and without its email", async () => {
    const jack = await app.client.signUp("Jack");
    await admin(`/api/admin/users/${jack.id}`, { method: "PATCH", body: { plan: "pro" } });
    expect((await app.client.call("/api/account", { method: "DELETE", as: jack })).status).toBeLessThan(300);
    const entries = (await admin("/api/admin/audit?limit=100")).json.entries.filter((entry: { targetId: string }) => entry.targetId === jack.id);
    expect(entries).toEqual([expect.objectContaining({ action: "user.plan", targetId: jack.id, targetEmail: null, actorEmail: olivia.email })]);
  });
});
