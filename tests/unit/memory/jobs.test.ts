import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../../fakes/openai";

// Real embeddings path: the OpenAI adapter against the fake server. Set before the app's modules load.
const fakePort = vi.hoisted(() => {
  const port = 40_000 + Math.floor(Math.random() * 10_000);
  Object.assign(process.env, {
    OPENAI_API_KEY: "sk-fake",
    OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
    JOBS_RETRY_BASE_MS: "1",
  });
  return port;
});

const { signUp } = await import("@/lib/auth/sign-up");
const { closeDb, getPglite } = await import("@/lib/db/client");
const { withUser } = await import("@/lib/db/transaction");
const { getJobBacklog } = await import("@/lib/jobs/queue");
const { runEmbeddingBatch } = await import("@/lib/jobs/worker");
const { searchMemory } = await import("@/lib/memory/search");
const { enqueueReindex, getReindexProgress } = await import("@/lib/memory/reindex");

let fake: FakeOpenAI;
let alice: { id: string; email: string };
let bob: { id: string; email: string };

beforeAll(async () => {
  fake = await startFakeOpenAI({}, fakePort);
  alice = (await signUp(new Request("http://localhost/api/auth/signup"), { email: "alice@example.com", password: "alice-password" })).session.user;
  bob = (await signUp(new Request("http://localhost/api/auth/signup"), { email: "bob@example.com", password: "bob-password" })).session.user;
});
afterAll(async () => {
  await closeDb();
  await fake.close();
});
beforeEach(async () => {
  fake.behavior = {};
  await (await getPglite()).exec("delete from private.jobs");
});

async function say(user: { id: string; email: string }, content: string, status = "complete") {
  return withUser(user, async (tx) => {
    const chat = await tx.execute<{ id: string }>(sql`insert into chats (title) values ('t') returning id`);
    const message = await tx.execute<{ id: string }>(
      sql`insert into messages (chat_id, role, content, status) values (${chat.rows[0]!.id}, 'user', ${content}, ${status}) returning id`,
    );
    return message.rows[0]!.id;
  });
}

async function jobOf(messageId: string) {
  const result = await (await getPglite()).query<{ status: string; attempts: number; last_error: string | null }>(
    "select status, attempts, last_error from private.jobs where payload->>'messageId' = $1",
    [messageId],
  );
  return result.rows[0];
}

async function drain(rounds = 20) {
  for (let round = 0; round < rounds; round++) {
    await runEmbeddingBatch();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("embedding jobs", () => {
  it("storing a message enqueues its embedding in the same transaction; a streaming reply waits until it is done", async () => {
    const stored = await say(alice, "hello memory");
    expect(await jobOf(stored)).toMatchObject({ status: "pending", attempts: 0 });
    const streaming = await say(alice, "half a reply", "streaming");
    expect(await jobOf(streaming)).toBeUndefined();
    await (await getPglite()).query("update messages set status = 'complete' where id = $1", [streaming]);
    expect(await jobOf(streaming)).toMatchObject({ status: "pending" });
  });

  it("a job whose first attempts get a 500 is retried with backoff and succeeds", async () => {
    const id = await say(alice, "the flaky embedding");
    fake.behavior = { embeddingFailures: 2 };
    await runEmbeddingBatch();
    expect(await jobOf(id)).toMatchObject({ status: "pending", attempts: 1, last_error: expect.stringContaining("500") });
    await drain();
    expect(await jobOf(id)).toMatchObject({ status: "done", attempts: 3 });
    expect(fake.embeddingRequests.at(-1)?.model).toBe("text-embedding-3-small");
  });

  it("a job that always fails ends dead after its attempts, and the backlog reports it", async () => {
    const id = await say(alice, "never embeddable");
    fake.behavior = { embeddingFailures: Infinity };
    await drain(30);
    expect(await jobOf(id)).toMatchObject({ status: "dead", attempts: 5 });
    expect(await getJobBacklog("embed_message")).toMatchObject({ dead: 1, pending: 0 });
  });
});

describe("memory search isolation", () => {
  it("Bob never finds Alice's messages, even with identical text", async () => {
    await say(alice, "my kubernetes cluster password rotation plan");
    await say(bob, "my kubernetes cluster password rotation plan");
    await drain(3);
    const bobResults = await searchMemory(bob, { query: "kubernetes password rotation", limit: 50 });
    expect(bobResults.length).toBeGreaterThan(0);
    const pg = await getPglite();
    const owners = await pg.query<{ user_id: string }>(
      "select distinct m.user_id from messages m where m.id = any($1::uuid[])",
      [bobResults.map((result) => result.messageId)],
    );
    expect(owners.rows).toEqual([{ user_id: bob.id }]);
  });

  it("with row level security alone, Bob's raw query over every embedding returns none of Alice's", async () => {
    await say(alice, "alice only embedding");
    await drain(3);
    const seen = await withUser(bob, (tx) => tx.execute<{ user_id: string }>(sql`select user_id from message_embeddings`));
    expect(seen.rows.length).toBeGreaterThan(0);
    expect(seen.rows.every((row) => row.user_id === bob.id)).toBe(true);
  });
});

describe("re-indexing", () => {
  it("queues every stored message (or only those missing a vector) and the worker re-embeds them", async () => {
    await say(alice, "reindex me please");
    await drain(3);
    const pg = await getPglite();
    const messages = (await pg.query<{ n: number }>("select count(*)::int as n from messages where content <> '' and status in ('complete', 'stopped')")).rows[0]!.n;

    const missing = (
      await pg.query<{ n: number }>(
        "select count(*)::int as n from messages m where content <> '' and status in ('complete', 'stopped') and not exists (select 1 from message_embeddings e where e.message_id = m.id)",
      )
    ).rows[0]!.n;
    expect(missing).toBeGreaterThan(0);
    expect((await enqueueReindex({ model: "text-embedding-3-small", onlyMissing: true })).queued).toBe(missing);
    await drain(10);
    expect((await enqueueReindex({ model: "text-embedding-3-small", onlyMissing: true })).queued).toBe(0);

    const { queued, firstJobId } = await enqueueReindex({ model: "text-embedding-3-small", onlyMissing: false });
    expect(queued).toBe(messages);
    await drain(10);
    expect(await getReindexProgress(firstJobId!)).toEqual({ total: messages, done: messages, dead: 0, open: 0 });
  });
});
