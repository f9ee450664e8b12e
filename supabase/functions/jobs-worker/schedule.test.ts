import { assert, assertEquals } from "../_test/assert.ts";
import { createSql } from "../_shared/db.ts";
import { createHandler } from "./handler.ts";

// pg_cron, pg_net and Vault do not exist in PGlite. These stubs record what
// supabase/setup/schedule-worker.sql asks of them, inside a transaction that is rolled back, so
// the file's SQL, its trigger and its cron command run for real; only the extensions are stand-ins.
const stubs = `
  create schema vault;
  create table vault.decrypted_secrets (name text primary key, decrypted_secret text not null);
  create schema net;
  create table net.calls (id bigint generated always as identity, url text, body jsonb, headers jsonb, timeout_milliseconds int);
  create function net.http_post(url text, body jsonb default '{}', params jsonb default '{}', headers jsonb default '{}', timeout_milliseconds int default 5000)
    returns bigint language sql as $$
      insert into net.calls (url, body, headers, timeout_milliseconds) values (url, body, headers, timeout_milliseconds) returning id
    $$;
  create schema cron;
  create table cron.job (jobname text primary key, schedule text not null, command text not null);
  create function cron.schedule(job_name text, schedule text, command text) returns bigint language sql as $$
    insert into cron.job values (job_name, schedule, command)
    on conflict (jobname) do update set schedule = excluded.schedule, command = excluded.command returning 1::bigint
  $$;`;

const setupFile = new URL("../../setup/schedule-worker.sql", import.meta.url);
const setup = (await Deno.readTextFile(setupFile)).replace(/^create extension .*;$/gm, "");
const secret = "worker-secret-worker-secret-0123";

class Rollback extends Error {}

type Call = { url: string; body: { trigger: string }; headers: Record<string, string>; timeout_milliseconds: number };

Deno.test({
  name: "the schedule calls the worker on insert and every minute, with its secret, and never fails an insert",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const db = createSql(Deno.env.get("DATABASE_URL")!);
    const sent: Call[] = [];
    try {
      await db.begin(async (tx) => {
        await tx.unsafe(stubs);
        await tx.unsafe(setup);
        const calls = () => tx<Call[]>`select url, body, headers, timeout_milliseconds from net.calls order by id`;

        await tx`insert into private.jobs (kind, payload) values ('embed_message', '{}')`;
        assertEquals(await calls(), [], "without the Vault secrets nothing is called, and the insert stands");

        await tx`insert into vault.decrypted_secrets values ('project_url', 'https://ref.supabase.co/'), ('jobs_worker_secret', ${secret})`;
        await tx`insert into private.jobs (kind, payload) select 'embed_message', '{}' from generate_series(1, 3)`;
        const [wake] = await calls();
        assertEquals(await calls(), [{
          url: "https://ref.supabase.co/functions/v1/jobs-worker",
          body: { trigger: "insert" },
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${secret}` },
          timeout_milliseconds: 60000,
        }], "one call for a statement that inserts three jobs");
        sent.push(wake!);

        const [user] = await tx<{ id: string }[]>`insert into auth.users (email, encrypted_password) values ('bob@example.com', 'x') returning id`;
        const [chat] = await tx<{ id: string }[]>`insert into public.chats (user_id, title) values (${user!.id}, 'Hi') returning id`;
        await tx`insert into public.messages (chat_id, user_id, role, content) values (${chat!.id}, ${user!.id}, 'user', 'hello')`;
        assertEquals((await calls()).length, 2, "storing a message enqueues its job, which wakes the worker");

        await tx.unsafe(setup);
        const jobs = await tx<{ jobname: string; schedule: string; command: string }[]>`select * from cron.job`;
        assertEquals(jobs.map(({ jobname, schedule }) => ({ jobname, schedule })), [{ jobname: "jobs-worker", schedule: "* * * * *" }], "running the file twice keeps one schedule");
        await tx.unsafe(jobs[0]!.command);
        const cronCall = (await calls())[2];
        assertEquals(cronCall?.body, { trigger: "cron" });
        sent.push(cronCall!);

        await tx.unsafe(`create or replace function net.http_post(url text, body jsonb default '{}', params jsonb default '{}', headers jsonb default '{}', timeout_milliseconds int default 5000)
          returns bigint language plpgsql as $$ begin raise exception 'pg_net is down'; end $$`);
        await tx`insert into private.jobs (kind, payload) values ('embed_message', '{}')`;
        throw new Rollback();
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    } finally {
      await db.end({ timeout: 1 });
    }

    // What pg_net would send is what the worker accepts.
    const workerSql = createSql(Deno.env.get("DATABASE_URL")!);
    const worker = createHandler(() => ({
      secret,
      sql: () => workerSql,
      embeddings: { model: "offline-hash" },
      batchSize: 32,
      retryBaseMs: 1000,
      timeBudgetMs: 10_000,
    }));
    try {
      assertEquals(sent.length, 2);
      for (const call of sent) {
        const response = await worker(new Request(call.url, { method: "POST", headers: call.headers, body: JSON.stringify(call.body) }));
        assertEquals(response.status, 200);
        assert("claimed" in (await response.json()));
      }
    } finally {
      await workerSql.end({ timeout: 1 });
    }
  },
});
