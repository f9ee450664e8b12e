import "server-only";
import { sql } from "drizzle-orm";
import { withService } from "@/lib/db/transaction";
import type { Job, JobBacklog, JobKind } from "./types";

/** A claimed job whose worker died is claimable again after this long. */
export const leaseSeconds = 120;

type JobRow = {
  id: number;
  kind: JobKind;
  user_id: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
};

const toJob = (row: JobRow): Job => ({
  id: row.id,
  kind: row.kind,
  userId: row.user_id,
  payload: row.payload,
  attempts: row.attempts,
  maxAttempts: row.max_attempts,
});

/**
 * Claims up to `limit` due jobs of one kind, oldest first. `skip locked` lets several workers
 * share the table without taking the same job.
 */
export async function claimJobs(kind: JobKind, limit: number): Promise<Job[]> {
  return withService("jobs.worker", async (tx) => {
    const result = await tx.execute<JobRow>(sql`
      update private.jobs set status = 'running', locked_at = now(), attempts = attempts + 1, updated_at = now()
      where id in (
        select id from private.jobs
        where kind = ${kind}
          and ((status = 'pending' and run_after <= now())
            or (status = 'running' and locked_at < now() - make_interval(secs => ${leaseSeconds})))
        order by run_after, id
        limit ${limit}
        for update skip locked
      )
      returning id, kind, user_id, payload, attempts, max_attempts`);
    return result.rows.map(toJob);
  });
}

export async function completeJobs(ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await withService("jobs.worker", (tx) =>
    tx.execute(sql`update private.jobs set status = 'done', locked_at = null, last_error = null, updated_at = now()
                   where id = any(${`{${ids.join(",")}}`}::bigint[])`),
  );
}

/** Puts the jobs back with exponential backoff, or marks them dead after their last attempt. */
export async function failJobs(jobs: Job[], error: string, retryBaseMs: number): Promise<void> {
  if (jobs.length === 0) return;
  await withService("jobs.worker", async (tx) => {
    for (const job of jobs) {
      const delayMs = Math.min(retryBaseMs * 2 ** (job.attempts - 1), 15 * 60_000);
      await tx.execute(sql`
        update private.jobs set
          status = case when attempts >= max_attempts then 'dead' else 'pending' end,
          run_after = now() + make_interval(secs => ${delayMs / 1000}),
          locked_at = null, last_error = ${error.slice(0, 1000)}, updated_at = now()
        where id = ${job.id}`);
    }
  });
}

/** After a restart of the only local worker, nothing can still be running: put it back at once. */
export async function releaseRunningJobs(): Promise<number> {
  const result = await withService("jobs.worker", (tx) =>
    tx.execute(sql`update private.jobs set status = 'pending', locked_at = null, updated_at = now() where status = 'running'`),
  );
  return result.affectedRows ?? 0;
}

export async function getJobBacklog(kind: JobKind): Promise<JobBacklog> {
  const result = await withService("health", (tx) =>
    tx.execute<{ pending: number; running: number; dead: number; oldest: number | null }>(sql`
      select
        count(*) filter (where status = 'pending')::int as pending,
        count(*) filter (where status = 'running')::int as running,
        count(*) filter (where status = 'dead')::int as dead,
        extract(epoch from now() - min(created_at) filter (where status in ('pending', 'running')))::float8 as oldest
      from private.jobs where kind = ${kind} and status <> 'done'`),
  );
  const row = result.rows[0]!;
  return {
    pending: row.pending,
    running: row.running,
    dead: row.dead,
    oldestPendingSeconds: row.oldest === null ? null : Math.round(row.oldest),
  };
}
