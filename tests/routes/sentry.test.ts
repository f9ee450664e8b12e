import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Person } from "../support/client";
import { expectError } from "../support/client";
import { eventually, sendChat } from "../support/chat";
import { grantAdmin, setUpAppServer } from "../support/route-suite";
import { startFakeOpenAI, type FakeOpenAI } from "../fakes/openai";
import { startFakeSentry, type FakeSentry } from "../fakes/sentry";

// The honest failure: an OpenAI-compatible server whose embedding model has 768 dimensions (say,
// Ollama's nomic-embed-text) while Mneme stores 1536. Postgres refuses the vector, which no code
// expects: a 500 through the one error mapper. No test hook exists in the product for this.
let openai: FakeOpenAI;
let sentry: FakeSentry;
beforeAll(async () => {
  openai = await startFakeOpenAI();
  sentry = await startFakeSentry();
});
afterAll(async () => {
  await openai.close();
  await sentry.close();
});

const release = "7.7.7-canary";
const app = setUpAppServer(() => ({
  SENTRY_DSN: sentry.dsn(),
  APP_VERSION: release,
  OPENAI_API_KEY: "sk-canary-openai-key-should-never-leave",
  OPENAI_BASE_URL: openai.baseURL,
  EMBEDDINGS_MODEL: "text-embedding-3-small",
}));

const canary = (kind: string) => `canary${kind}${crypto.randomUUID().replaceAll("-", "")}`;
let alice: Person;
beforeAll(async () => {
  alice = await app.client.signUp("Alice");
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 750));

async function failingSearch(query: string, headers: Record<string, string>, queryString = "") {
  openai.behavior = { embeddingDimensions: 768 };
  const response = await app.client.call(`/api/memory/search${queryString}`, { method: "POST", as: alice, via: "bearer", headers, body: { query } });
  expectError(response, 500, "internal");
  return response.json.error.requestId as string;
}

describe("Sentry error reporting (fake ingest, real envelopes)", () => {
  it("an unexpected error arrives once, tagged with route, code, request id, release and user id; no canary anywhere", async () => {
    const text = canary("text");
    const cookie = canary("cookie");
    const query = canary("query");
    const headers = { cookie: `${alice.cookie}; tracking=${cookie}` };

    openai.behavior = { embeddingDimensions: 768 };
    const chat = await app.client.call(`/api/chat?ref=${query}`, { method: "POST", headers, body: { message: `Please remember ${text}` } });
    expect(chat.status).toBe(200);
    expect(chat.text).toContain(text);
    const requestId = await failingSearch(`what was ${text}`, { cookie: `tracking=${cookie}` }, `?ref=${query}`);

    const events = await eventually(async () => sentry.errorEvents(), (found) => found.length >= 1);
    await settle();
    expect(sentry.errorEvents()).toHaveLength(1);
    const [event] = sentry.errorEvents() as [Record<string, unknown>];
    expect(events[0]).toBe(event);
    expect(event).toMatchObject({
      release,
      tags: { route: "/api/memory/search", code: "internal", request_id: requestId },
      user: { id: alice.id },
    });
    expect(event.user).toEqual({ id: alice.id });
    expect(JSON.stringify(event.exception)).toMatch(/dimensions/);

    const everything = sentry.envelopes.map((envelope) => envelope.raw).join("\n");
    const secrets = [text, cookie, query, alice.email, alice.password, alice.accessToken, alice.cookie, "sk-canary-openai-key", process.env.AUTH_SECRET!];
    expect(secrets.filter((secret) => everything.includes(secret))).toEqual([]);
    expect(everything).not.toMatch(/authorization|"cookies"|tracking=/i);
  });

  it("expected errors (4xx) are not reported; the next unexpected one is", async () => {
    const before = sentry.errorEvents().length;
    expectError(await app.client.call("/api/chats"), 401, "unauthorized");
    expectError(await app.client.call(`/api/chats/${crypto.randomUUID()}`, { as: alice }), 404, "not_found");
    expectError(await app.client.call("/api/chat", { method: "POST", as: alice, body: { message: "" } }), 400, "invalid_input");
    expectError(await app.client.call("/api/no-such-route"), 404, "not_found");
    const requestId = await failingSearch("another question", {});

    await eventually(async () => sentry.errorEvents().length, (count) => count > before);
    await settle();
    const added = sentry.errorEvents().slice(before);
    expect(added.map((event) => (event.tags as Record<string, string>).request_id)).toEqual([requestId]);
  });

  it("a chat still streams for a signed-in user while memory is broken (recall failures are not errors)", async () => {
    openai.behavior = { embeddingDimensions: 768 };
    const { events } = await sendChat(app.client, alice, { message: "hello again" });
    expect(events.at(-1)?.event).toBe("done");
  });

  it("an admin's Sentry check (DEPLOY.md's last step) arrives once, tagged like a real bug; nobody else can send one", async () => {
    expectError(await app.client.call("/api/admin/sentry-check", { method: "POST", as: alice }), 403, "forbidden");
    const signup = await app.client.call("/api/auth/signup", { method: "POST", body: { email: "ops-sentry-check@example.com", password: "ops-password-123" } });
    const adminId = signup.json.user.id as string;
    expect(await grantAdmin("ops-sentry-check@example.com")).toBe(adminId);
    const before = sentry.errorEvents().length;
    const response = await app.client.call("/api/admin/sentry-check", { method: "POST", headers: { authorization: `Bearer ${signup.json.accessToken}` } });
    expectError(response, 500, "internal");
    await eventually(async () => sentry.errorEvents().length, (count) => count > before);
    await settle();
    const added = sentry.errorEvents().slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      release,
      tags: { route: "/api/admin/sentry-check", code: "internal", request_id: response.json.error.requestId },
      user: { id: adminId },
    });
    expect(JSON.stringify(added[0])).not.toContain("ops-sentry-check@example.com");
  });
});

describe("the browser tunnel (POST /monitoring)", () => {
  const envelope = (dsn: string, message: string) =>
    [JSON.stringify({ dsn, sent_at: new Date().toISOString() }), JSON.stringify({ type: "event" }), JSON.stringify({ message, platform: "javascript" })].join("\n");

  it("forwards an envelope for this site's project to its ingest as it is", async () => {
    const message = canary("tunnel");
    const response = await app.client.call("/monitoring", { method: "POST", rawBody: envelope(sentry.dsn(), message), headers: { "content-type": "text/plain;charset=UTF-8" } });
    expect(response.status).toBe(200);
    const forwarded = sentry.errorEvents().filter((event) => event.message === message);
    expect(forwarded).toHaveLength(1);
  });

  it("refuses envelopes for any other project or ingest, and junk: it is not an open relay", async () => {
    const before = sentry.envelopes.length;
    for (const dsn of [sentry.dsn("2"), sentry.dsn().replace("fakepublickey", "otherkey"), "http://fakepublickey@example.com/1"]) {
      expectError(await app.client.call("/monitoring", { method: "POST", rawBody: envelope(dsn, "relay me") }), 400, "invalid_input");
    }
    expectError(await app.client.call("/monitoring", { method: "POST", rawBody: "not an envelope" }), 400, "invalid_input");
    expectError(await app.client.call("/monitoring", { method: "POST", rawBody: envelope(sentry.dsn(), "x".repeat(300 * 1024)) }), 413, "payload_too_large");
    await settle();
    expect(sentry.envelopes.length).toBe(before);
  });
});
