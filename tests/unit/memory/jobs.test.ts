import { readFileSync } from "node:fs";
import path from "node:path";
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
const { closeDb, getEmbeddedDatabase } = await import("@/lib/db/client");
const { withUser } = await import("@/lib/db/transaction");
const { getJobBacklog } = await import("@/lib/jobs/queue");
const { runEmbeddingBatch } = await import("@/lib/jobs/worker");
const { searchMemory } = await import("@/lib/memory/search");
const { enqueueReindex, getReindexProgress } = await import("@/lib/memory/reindex");
const { claimJobs } = await import("@/lib/jobs/queue");
const { embedMessages } = await import("@/lib/memory/embed-messages");
const { getEmbeddingProvider } = await import("@/lib/memory/embeddings/provider");

let fake: FakeOpenAI;
let alice: { id: string; email: string };
let bob: { id: string; email: string };

beforeAll(async () => {
  fake = await startFakeOpenAI({}, fakePort);
  alice = (await signUp(new Request("http://localhost/api/auth/signup"), { email: "alice@example.com", password: "alice-password", clientAddress: "192.0.2.1" })).session.user;
  bob = (await signUp(new Request("http://localhost/api/auth/signup"), { email: "bob@example.com", password: "bob-password", clientAddress: "192.0.2.1" })).session.user;
});
afterAll(async () => {
  await closeDb();
  await fake.close();
});
beforeEach(async () => {
  fake.behavior = {};
  await (await getEmbeddedDatabase()).exec("delete from private.jobs");
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
  const result = await (await getEmbeddedDatabase()).query<{ status: string; attempts: number; last_error: string | null }>(
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
    await (await getEmbeddedDatabase()).query("update messages set status = 'complete' where id = $1", [streaming]);
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

async function openJobsOf(messageId: string) {
  const result = await (await getEmbeddedDatabase()).query<{ status: string }>(
    "select status from private.jobs where payload->>'messageId' = $1 and status in ('pending', 'running') order by id",
    [messageId],
  );
  return result.rows.map((row) => row.status);
}

async function embeddedText(messageId: string) {
  const pg = await getEmbeddedDatabase();
  const stored = await pg.query<{ embedding: string }>("select embedding::text from message_embeddings where message_id = $1", [messageId]);
  return stored.rows[0]?.embedding;
}

describe("embedding jobs are queued once per change", () => {
  it("queues Alice's message again when its text changes, once while a job is open; updates that keep the text queue nothing", async () => {
    const pg = await getEmbeddedDatabase();
    const id = await say(alice, "the first wording");
    await drain(3);
    expect(await openJobsOf(id)).toEqual([]);

    await pg.query("update messages set status = 'stopped', memories = '[]' where id = $1", [id]);
    await pg.query("update messages set content = content where id = $1", [id]);
    expect(await openJobsOf(id)).toEqual([]);

    await pg.query("update messages set content = 'the second wording', updated_at = now() where id = $1", [id]);
    await pg.query("update messages set content = 'the third wording', updated_at = now() where id = $1", [id]);
    expect(await openJobsOf(id)).toEqual(["pending"]);
    // A re-index while the job is open does not add a second one.
    await enqueueReindex({ model: "text-embedding-3-small", onlyMissing: false });
    expect(await openJobsOf(id)).toEqual(["pending"]);
  });

  it("a change while the job runs puts it back, so the new text is embedded", async () => {
    const pg = await getEmbeddedDatabase();
    const id = await say(alice, "before the edit");
    const claimed = await claimJobs("embed_message", 32);
    expect(claimed.map((job) => job.payload.messageId)).toEqual([id]);
    // Alice edits the message while the worker that claimed it embeds the text it read before.
    const provider = getEmbeddingProvider();
    const editingMeanwhile = {
      model: provider.model,
      dimensions: provider.dimensions,
      embed: async (texts: string[]) => {
        await pg.query("update messages set content = 'after the edit', updated_at = now() where id = $1", [id]);
        expect(await openJobsOf(id)).toEqual(["pending"]);
        return provider.embed(texts);
      },
    };
    await embedMessages(claimed, editingMeanwhile);
    expect(await openJobsOf(id)).toEqual(["pending"]);
    const before = fake.embeddingRequests.length;
    await drain(3);
    expect(await openJobsOf(id)).toEqual([]);
    expect(fake.embeddingRequests.slice(before).flatMap((request) => request.input)).toEqual(["after the edit"]);
  });

  it("the worker skips a message that already has a current vector of its model, and embeds a stale one", async () => {
    const pg = await getEmbeddedDatabase();
    const id = await say(alice, "embedded once");
    await drain(3);
    const vector = await embeddedText(id);
    expect(vector).toBeDefined();
    const before = fake.embeddingRequests.length;
    await pg.query("insert into private.jobs (kind, user_id, payload) values ('embed_message', $1, jsonb_build_object('messageId', $2::text))", [alice.id, id]);
    await drain(3);
    expect(await jobOf(id)).toMatchObject({ status: "done" });
    expect(fake.embeddingRequests.length).toBe(before);

    // Changed since its vector was made (here behind the trigger's back): embedded again.
    await pg.query("update messages set updated_at = now() + interval '1 second' where id = $1", [id]);
    await pg.query("insert into private.jobs (kind, user_id, payload) values ('embed_message', $1, jsonb_build_object('messageId', $2::text))", [alice.id, id]);
    await drain(3);
    expect(fake.embeddingRequests.slice(before).flatMap((request) => request.input)).toEqual(["embedded once"]);
  });

  it("the migration merges the open duplicates an older release queued, keeping a pending one", async () => {
    const pg = await getEmbeddedDatabase();
    const migration = readFileSync(path.resolve(import.meta.dirname, "../../../supabase/migrations/20261202000100_embedding_jobs.sql"), "utf8");
    const [one, two] = [await say(alice, "queued twice"), await say(alice, "queued three times")];
    // The database as the release before left it: no merging, no unique index.
    await pg.exec(`
      drop trigger before_job_queued_merge_open_embedding on private.jobs;
      drop index private.jobs_one_open_embedding_per_message_idx;
      insert into private.jobs (kind, payload, status, locked_at) values
        ('embed_message', jsonb_build_object('messageId', '${one}'), 'running', now()),
        ('embed_message', jsonb_build_object('messageId', '${two}'), 'pending', null),
        ('embed_message', jsonb_build_object('messageId', '${two}'), 'running', now());`);
    expect([await openJobsOf(one), await openJobsOf(two)]).toEqual([["pending", "running"], ["pending", "pending", "running"]]);
    await pg.exec(migration);
    expect([await openJobsOf(one), await openJobsOf(two)]).toEqual([["pending"], ["pending"]]);
    await expect(pg.query("insert into private.jobs (kind, payload) values ('embed_message', jsonb_build_object('messageId', $1::text))", [one])).resolves.toBeDefined();
    expect(await openJobsOf(one)).toEqual(["pending"]);
  });
});

describe("memory search isolation", () => {
  it("Bob never finds Alice's messages, even with identical text", async () => {
    await say(alice, "my kubernetes cluster password rotation plan");
    await say(bob, "my kubernetes cluster password rotation plan");
    await drain(3);
    const bobResults = await searchMemory(bob, { query: "kubernetes password rotation", limit: 50 });
    expect(bobResults.length).toBeGreaterThan(0);
    const pg = await getEmbeddedDatabase();
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
    const pg = await getEmbeddedDatabase();
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
