// What the shared queue promises, as cases both runtimes run over their own driver: Vitest over
// the app's drizzle transaction (tests/unit/jobs/queue.test.ts) and Deno over postgres.js
// (_shared/job-queue.test.ts). The SQL is one, but each driver binds and parses values its own way
// (int8 as a string or a number, arrays, floats), so each proves the statements on its side.
import {
  claimJobs,
  completeJobs,
  getJobBacklog,
  type JobsDatabase,
  pruneDoneJobs,
  leaseSeconds,
  maxRetryDelayMs,
  releaseRunningJobs,
  retryDelayMs,
  retryJobs,
  runJobBatch,
} from "./job-queue.ts";

export type CheckEqual = (actual: unknown, expected: unknown, message?: string) => void;

export interface JobQueueCase {
  name: string;
  run(db: JobsDatabase, equal: CheckEqual): Promise<void>;
}

type JobState = { id: number; status: string; attempts: number; delay_ms: number | null; last_error: string | null };

/** `update … returning` answers in no particular order. */
const byId = <T extends { id: number }>(jobs: T[]) => [...jobs].sort((a, b) => a.id - b.id);

async function states(db: JobsDatabase): Promise<JobState[]> {
  return db.transaction((query) => query<JobState>`
    select id::int as id, status, attempts, last_error, round(extract(epoch from run_after - updated_at) * 1000)::int as delay_ms
    from private.jobs order by id`);
}

/** Empties the table and adds `count` due jobs (no message: the queue does not look inside payloads). */
async function freshJobs(db: JobsDatabase, count: number): Promise<void> {
  await db.transaction(async (query) => {
    await query`delete from private.jobs`;
    await query`insert into private.jobs (kind, payload, run_after) select 'embed_message', '{}', now() - interval '1 second' from generate_series(1, ${count})`;
  });
}

export const jobQueueContract: JobQueueCase[] = [
  {
    name: "the retry delay starts at the base, doubles with each attempt and stops at fifteen minutes",
    async run(_db, equal) {
      equal([1, 2, 3, 4].map((attempts) => retryDelayMs(attempts, 2000)), [2000, 4000, 8000, 16_000]);
      equal(retryDelayMs(30, 2000), maxRetryDelayMs);
      equal(maxRetryDelayMs, 15 * 60_000);
    },
  },
  {
    name: "claims take due jobs oldest first, count the attempt and never take a job twice",
    async run(db, equal) {
      await freshJobs(db, 3);
      const first = byId(await claimJobs(db, "embed_message", 2));
      const second = await claimJobs(db, "embed_message", 2);
      equal(first.map((job) => typeof job.id), ["number", "number"], "ids are numbers on every driver");
      equal(first.length + second.length, 3);
      equal(new Set([...first, ...second].map((job) => job.id)).size, 3);
      equal(first[0]!.id < first[1]!.id && first[1]!.id < second[0]!.id, true, "oldest first");
      equal([...first, ...second].map((job) => [job.attempts, job.maxAttempts]), [[1, 5], [1, 5], [1, 5]]);
      equal(await claimJobs(db, "embed_message", 10), [], "running jobs are not due");
    },
  },
  {
    name: "a running job whose lease ran out is claimed again; one inside its lease is not",
    async run(db, equal) {
      await freshJobs(db, 2);
      const [stale, live] = byId(await claimJobs(db, "embed_message", 2));
      await db.transaction((query) => query`update private.jobs set locked_at = now() - make_interval(secs => ${leaseSeconds + 1}) where id = ${stale!.id}`);
      const reclaimed = await claimJobs(db, "embed_message", 10);
      equal(reclaimed.map((job) => [job.id, job.attempts]), [[stale!.id, 2]]);
      equal((await states(db)).find((job) => job.id === live!.id)?.status, "running");
    },
  },
  {
    name: "a failed batch goes back with each job's own backoff, and a job out of attempts is dead",
    async run(db, equal) {
      await freshJobs(db, 3);
      await db.transaction((query) => query`update private.jobs set attempts = case when id = (select max(id) from private.jobs) then 4 else 0 end`);
      await db.transaction((query) => query`update private.jobs set attempts = 2 where id = (select min(id) from private.jobs)`);
      const jobs = byId(await claimJobs(db, "embed_message", 3));
      equal(jobs.map((job) => job.attempts), [3, 1, 5]);
      await retryJobs(db, jobs, `upstream 500 ${"x".repeat(2000)}`, 1000);
      const after = await states(db);
      equal(
        after.map(({ status, attempts, delay_ms }) => ({ status, attempts, delay_ms })),
        [
          { status: "pending", attempts: 3, delay_ms: 4000 },
          { status: "pending", attempts: 1, delay_ms: 1000 },
          { status: "dead", attempts: 5, delay_ms: 16_000 },
        ],
      );
      equal(after.map((job) => job.last_error?.length), [1000, 1000, 1000], "the error is kept to its first 1,000 characters");
      equal(await claimJobs(db, "embed_message", 10), [], "not due before the backoff, and never when dead");
    },
  },
  {
    name: "completing leaves a job pending that was put back while it ran",
    async run(db, equal) {
      await freshJobs(db, 2);
      const [kept, putBack] = byId(await claimJobs(db, "embed_message", 2));
      await db.transaction((query) => query`update private.jobs set status = 'pending' where id = ${putBack!.id}`);
      await db.transaction((query) => completeJobs(query, [kept!.id, putBack!.id]));
      equal((await states(db)).map((job) => job.status), ["done", "pending"]);
    },
  },
  {
    name: "a batch whose work throws goes back with backoff and says why; one that works counts what it completed",
    async run(db, equal) {
      await freshJobs(db, 2);
      const options = { kind: "embed_message" as const, limit: 10, retryBaseMs: 1000 };
      const failed = await runJobBatch(db, options, () => Promise.reject(new Error("provider down")));
      equal(failed, { claimed: 2, done: 0, failed: 2, error: "provider down" });
      equal((await states(db)).map((job) => [job.status, job.last_error]), [["pending", "provider down"], ["pending", "provider down"]]);
      await db.transaction((query) => query`update private.jobs set run_after = now()`);
      const done = await runJobBatch(db, options, async (jobs) => {
        await db.transaction((query) => completeJobs(query, jobs.map((job) => job.id)));
        return jobs.length;
      });
      equal(done, { claimed: 2, done: 2, failed: 0 });
      equal(await runJobBatch(db, options, () => Promise.reject(new Error("not called"))), { claimed: 0, done: 0, failed: 0 });
    },
  },
  {
    name: "releasing puts every running job back at once and leaves the others alone",
    async run(db, equal) {
      await freshJobs(db, 4);
      await claimJobs(db, "embed_message", 3);
      await db.transaction((query) => query`update private.jobs set status = 'dead' where id = (select max(id) from private.jobs)`);
      equal(await releaseRunningJobs(db), 3);
      equal((await states(db)).map((job) => job.status), ["pending", "pending", "pending", "dead"]);
      equal(await releaseRunningJobs(db), 0);
    },
  },
  {
    name: "pruning drops jobs done for more than a day and keeps newer, open and dead ones",
    async run(db, equal) {
      await freshJobs(db, 4);
      await db.transaction(async (query) => {
        await query`update private.jobs set status = 'done', updated_at = now() - interval '25 hours' where id <= (select min(id) + 1 from private.jobs)`;
        await query`update private.jobs set status = 'done' where id = (select min(id) + 2 from private.jobs)`;
        await query`update private.jobs set status = 'dead', updated_at = now() - interval '25 hours' where id = (select max(id) from private.jobs)`;
      });
      equal(await pruneDoneJobs(db), 2);
      equal((await states(db)).map((job) => job.status), ["done", "dead"]);
    },
  },
  {
    name: "the backlog counts open and dead jobs and the age of the oldest open one",
    async run(db, equal) {
      await freshJobs(db, 0);
      equal(await getJobBacklog(db, "embed_message"), { pending: 0, running: 0, dead: 0, oldestPendingSeconds: null });
      await freshJobs(db, 4);
      await db.transaction(async (query) => {
        await query`update private.jobs set created_at = now() - interval '90 seconds' where id = (select min(id) from private.jobs)`;
        await query`update private.jobs set status = 'dead' where id = (select max(id) from private.jobs)`;
      });
      await claimJobs(db, "embed_message", 1);
      await db.transaction((query) => query`update private.jobs set status = 'done' where id = (select max(id) - 1 from private.jobs)`);
      equal(await getJobBacklog(db, "embed_message"), { pending: 1, running: 1, dead: 1, oldestPendingSeconds: 90 });
    },
  },
];
