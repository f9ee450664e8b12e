import { assert, assertEquals, assertMatch } from "../_test/assert.ts";
import { createSql, type Sql } from "../_shared/db.ts";
import { hashEmbedding } from "../_shared/offline-hash.ts";
import { createHandler, type WorkerConfig } from "./handler.ts";

// Run by scripts/test-functions.ts, which starts the wire-protocol Postgres and the fake OpenAI.
const databaseUrl = Deno.env.get("DATABASE_URL")!;
const openAIBaseURL = Deno.env.get("OPENAI_BASE_URL")!;
const controlURL = Deno.env.get("FAKE_OPENAI_CONTROL_URL")!;
const secret = "worker-secret-worker-secret-0123";

const db = createSql(databaseUrl);
const workers: Sql[] = [];

/** A worker as one isolate of the deployed function would be: its own connection and config. */
function createWorker(overrides: Partial<WorkerConfig> = {}) {
  const sql = createSql(databaseUrl);
  workers.push(sql);
  return createHandler(() => ({
    secret,
    sql: () => sql,
    embeddings: { model: "text-embedding-3-small", apiKey: "sk-test", baseURL: openAIBaseURL },
    batchSize: 32,
    retryBaseMs: 1000,
    timeBudgetMs: 10_000,
    ...overrides,
  }));
}

const invoke = (handler: (request: Request) => Promise<Response>, init: { authorization?: string; body?: unknown; method?: string } = {}) =>
  handler(
    new Request("http://localhost/jobs-worker", {
      method: init.method ?? "POST",
      headers: { "content-type": "application/json", ...(init.authorization === undefined ? { authorization: `Bearer ${secret}` } : init.authorization ? { authorization: init.authorization } : {}) },
      body: (init.method ?? "POST") === "POST" ? JSON.stringify(init.body ?? { trigger: "insert" }) : undefined,
    }),
  );

async function setFake(behavior: Record<string, unknown>) {
  await (await fetch(`${controlURL}/behavior`, { method: "POST", body: JSON.stringify(behavior) })).body?.cancel();
}

async function embeddingRequests(): Promise<{ input: string[]; model: string }[]> {
  return await (await fetch(`${controlURL}/embedding-requests`)).json();
}

let userId = "";

/** Stores `count` complete messages for Alice; the table's trigger enqueues one embedding job for each. */
async function storeMessages(count: number, prefix = "note"): Promise<string[]> {
  await db`delete from private.jobs`;
  await db`delete from public.message_embeddings`;
  if (!userId) {
    const [user] = await db<{ id: string }[]>`
      insert into auth.users (email, encrypted_password) values ('alice@example.com', 'x') returning id`;
    userId = user!.id;
  }
  const [chat] = await db<{ id: string }[]>`insert into public.chats (user_id, title) values (${userId}, 'Notes') returning id`;
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const [message] = await db<{ id: string }[]>`
      insert into public.messages (chat_id, user_id, role, content, status)
      values (${chat!.id}, ${userId}, 'user', ${`${prefix} ${index} about the backup script ${crypto.randomUUID()}`}, 'complete')
      returning id`;
    ids.push(message!.id);
  }
  return ids;
}

type JobState = { status: string; attempts: number; delay_ms: number | null; last_error: string | null };
const jobStates = () =>
  db<JobState[]>`
    select status, attempts, last_error,
      round(extract(epoch from run_after - updated_at) * 1000)::int as delay_ms
    from private.jobs order by id`;

function test(name: string, fn: () => Promise<void>) {
  Deno.test({
    name,
    // Pooled connections outlive a test on purpose; they are closed by the last one.
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      await fetch(`${controlURL}/reset`, { method: "POST" }).then((response) => response.body?.cancel());
      await fn();
    },
  });
}

test("a batch of jobs is claimed, embedded with OpenAI's model and stored with its dimension", async () => {
  const ids = await storeMessages(3);
  const response = await invoke(createWorker());
  assertEquals(response.status, 200);
  assertEquals(await response.json(), { claimed: 3, done: 3, failed: 0 });

  const stored = await db<{ message_id: string; model: string; dims: number }[]>`
    select message_id, model, vector_dims(embedding) as dims from public.message_embeddings order by message_id`;
  assertEquals(stored.map((row) => row.message_id), [...ids].sort());
  assert(stored.every((row) => row.model === "text-embedding-3-small" && row.dims === 1536));
  assertEquals((await jobStates()).map(({ status, attempts }) => ({ status, attempts })), Array(3).fill({ status: "done", attempts: 1 }));
  const requests = await embeddingRequests();
  assertEquals(requests.length, 1);
  assertEquals(requests[0]!.model, "text-embedding-3-small");
  assertEquals(requests[0]!.input.length, 3);
});

test("a message that already has a current vector of the model completes without being embedded again; a changed one is", async () => {
  const [id] = await storeMessages(1);
  const worker = createWorker();
  assertEquals(await (await invoke(worker)).json(), { claimed: 1, done: 1, failed: 0 });
  // Queued again with nothing changed (an older release's re-index, say): skipped.
  await db`insert into private.jobs (kind, user_id, payload) values ('embed_message', ${userId}, jsonb_build_object('messageId', ${id!}::text))`;
  assertEquals(await (await invoke(worker)).json(), { claimed: 1, done: 1, failed: 0 });
  assertEquals((await embeddingRequests()).length, 1);
  // Its text changed: the trigger queues it once, and it is embedded again.
  await db`update public.messages set content = 'the backup script, rewritten', updated_at = now() where id = ${id!}`;
  await db`update public.messages set content = 'the backup script, rewritten twice', updated_at = now() where id = ${id!}`;
  assertEquals((await jobStates()).filter((job) => job.status === "pending").length, 1);
  assertEquals(await (await invoke(worker)).json(), { claimed: 1, done: 1, failed: 0 });
  const requests = await embeddingRequests();
  assertEquals(requests.length, 2);
  assertEquals(requests[1]!.input, ["the backup script, rewritten twice"]);
});

test("offline-hash vectors are the ones the app's offline model makes", async () => {
  await storeMessages(2);
  const response = await invoke(createWorker({ embeddings: { model: "offline-hash" } }));
  assertEquals(await response.json(), { claimed: 2, done: 2, failed: 0 });
  const stored = await db<{ content: string; model: string; embedding: string }[]>`
    select m.content, e.model, e.embedding::text as embedding
    from public.message_embeddings e join public.messages m on m.id = e.message_id`;
  assertEquals(stored.length, 2);
  for (const row of stored) {
    assertEquals(row.model, "offline-hash");
    const vector = JSON.parse(row.embedding) as number[];
    const expected = hashEmbedding(row.content);
    assertEquals(vector.length, 1024);
    // pgvector keeps float4: equal to the app's vector within single precision.
    assert(vector.every((value, index) => Math.abs(value - expected[index]!) < 1e-6));
  }
  assertEquals((await embeddingRequests()).length, 0);
});

test("an OpenAI failure puts the jobs back with exponential backoff and counts the attempt", async () => {
  await storeMessages(2);
  await setFake({ embeddingFailures: null });
  const worker = createWorker();

  assertEquals(await (await invoke(worker)).json(), { claimed: 2, done: 0, failed: 2 });
  let states = await jobStates();
  assert(states.every((job) => job.status === "pending" && job.attempts === 1 && job.delay_ms === 1000));
  assertMatch(states[0]!.last_error!, /500/);
  assertEquals((await db`select 1 from public.message_embeddings`).length, 0);

  assertEquals(await (await invoke(worker)).json(), { claimed: 0, done: 0, failed: 0 }, "not due before its backoff");
  await db`update private.jobs set run_after = now()`;
  assertEquals(await (await invoke(worker)).json(), { claimed: 2, done: 0, failed: 2 });
  states = await jobStates();
  assert(states.every((job) => job.status === "pending" && job.attempts === 2 && job.delay_ms === 2000));

  await setFake({ embeddingFailures: 0 });
  await db`update private.jobs set run_after = now()`;
  assertEquals(await (await invoke(worker)).json(), { claimed: 2, done: 2, failed: 0 });
  states = await jobStates();
  assert(states.every((job) => job.status === "done" && job.attempts === 3 && job.last_error === null));
});

test("the fifth failure marks the job dead, and dead jobs are not claimed again", async () => {
  await storeMessages(1);
  await db`update private.jobs set attempts = 4`;
  await setFake({ embeddingFailures: null });
  const worker = createWorker();
  assertEquals(await (await invoke(worker)).json(), { claimed: 1, done: 0, failed: 1 });
  const [job] = await jobStates();
  assertEquals(job!.status, "dead");
  assertEquals(job!.attempts, 5);
  await db`update private.jobs set run_after = now()`;
  await setFake({ embeddingFailures: 0 });
  assertEquals(await (await invoke(worker)).json(), { claimed: 0, done: 0, failed: 0 });
});

test("a caller without the worker secret gets 401 and claims nothing", async () => {
  await storeMessages(2);
  const worker = createWorker();
  for (const authorization of ["Bearer not-the-secret", `Basic ${secret}`, ""]) {
    const response = await invoke(worker, { authorization });
    assertEquals(response.status, 401, authorization);
    assertEquals(((await response.json()) as { error: { code: string } }).error.code, "unauthorized");
  }
  const closed = await invoke(createWorker({ secret: undefined }));
  assertEquals(closed.status, 401, "no secret configured: closed to everyone");
  await closed.body?.cancel();
  const get = await invoke(worker, { method: "GET" });
  assertEquals(get.status, 405);
  await get.body?.cancel();
  assert((await jobStates()).every((job) => job.status === "pending" && job.attempts === 0));
});

test("two concurrent invocations never embed the same job twice", async () => {
  await storeMessages(24, "concurrent");
  const [first, second] = await Promise.all([invoke(createWorker({ batchSize: 4 })), invoke(createWorker({ batchSize: 4 }))]);
  const results = [await first!.json(), await second!.json()] as { claimed: number; done: number; failed: number }[];
  assert(results.every((result) => result.claimed > 0), "both invocations took a share");
  assertEquals(results[0]!.done + results[1]!.done, 24);
  assertEquals(results[0]!.claimed + results[1]!.claimed, 24);
  assert((await jobStates()).every((job) => job.status === "done" && job.attempts === 1));
  const inputs = (await embeddingRequests()).flatMap((request) => request.input);
  assertEquals(inputs.length, 24);
  assertEquals(new Set(inputs).size, 24);
  assertEquals((await db`select 1 from public.message_embeddings`).length, 24);
});

test("the scheduled call also runs the app's alert rules with the cron secret; an insert wake-up does not", async () => {
  const calls: string[] = [];
  const app = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, (request) => {
    calls.push(`${new URL(request.url).pathname} ${request.headers.get("authorization")}`);
    return Response.json({ fired: [], failed: [] });
  });
  try {
    await storeMessages(0);
    const worker = createWorker({ alerts: { appUrl: `http://127.0.0.1:${app.addr.port}`, cronSecret: "cron-secret-cron-secret" } });
    assertEquals(await (await invoke(worker, { body: { trigger: "insert" } })).json(), { claimed: 0, done: 0, failed: 0 });
    assertEquals(calls, []);
    assertEquals(await (await invoke(worker, { body: { trigger: "cron" } })).json(), { claimed: 0, done: 0, failed: 0, alerts: { status: 200 } });
    assertEquals(calls, ["/api/cron/alerts Bearer cron-secret-cron-secret"]);
  } finally {
    await app.shutdown();
  }
});

test("with the database down the worker answers 500 and still runs the alert rules", async () => {
  let alertCalls = 0;
  const app = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, () => {
    alertCalls += 1;
    return Response.json({ fired: [], failed: [] });
  });
  const unreachable = createSql("postgresql://postgres:postgres@127.0.0.1:1/postgres");
  try {
    const worker = createWorker({ sql: () => unreachable, alerts: { appUrl: `http://127.0.0.1:${app.addr.port}`, cronSecret: "cron-secret-cron-secret" } });
    const response = await invoke(worker, { body: { trigger: "cron" } });
    assertEquals(response.status, 500);
    assertEquals(((await response.json()) as { error: { code: string } }).error.code, "internal");
    assertEquals(alertCalls, 1);
  } finally {
    await unreachable.end({ timeout: 1 });
    await app.shutdown();
  }
});

test("close connections", async () => {
  await Promise.all([db, ...workers].map((sql) => sql.end({ timeout: 1 })));
});
