// The jobs queue's rules and SQL, shared by the Next app's local worker (lib/jobs/queue.ts) and
// the jobs-worker edge function (jobs-worker/handler.ts): one implementation over the one
// private.jobs table. It imports no driver: each side hands it a `JobsDatabase` over its own
// (drizzle's `sql` on Node, postgres.js on Deno; both are tagged templates), so Node and Deno
// both accept this file as it is.
import type { Job, JobKind } from "./job-types.ts";

/**
 * Bound values only; arrays go as Postgres array literals (`{1,2}`) cast in the SQL, because the
 * two drivers read a JavaScript array differently (drizzle spreads it into a list of values).
 */
export type SqlValue = string | number | boolean | null;

/** One statement, written as a tagged template whose values are bound, never spliced. */
export type Query = <Row extends object = Record<string, unknown>>(strings: TemplateStringsArray, ...values: SqlValue[]) => Promise<Row[]>;

/** Runs `work` in one transaction as the database owner (the queue acts across users). */
export interface JobsDatabase {
  transaction<T>(work: (query: Query) => Promise<T>): Promise<T>;
}

/** A claimed job whose worker died is claimable again after this long. */
export const leaseSeconds = 120;

/** The longest a failed job waits before its next attempt. */
export const maxRetryDelayMs = 15 * 60_000;

/** Exponential backoff: `baseMs` after the first failed attempt, doubled after each further one. */
export function retryDelayMs(attempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), maxRetryDelayMs);
}

/** A Postgres array literal of ids or uuids, for a value cast to `bigint[]` or `uuid[]`. */
export const arrayLiteral = (values: readonly (number | string)[]) => `{${values.join(",")}}`;

type JobRow = {
  id: string | number;
  kind: JobKind;
  user_id: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
};

/**
 * Claims up to `limit` due jobs of one kind, oldest first, counting the attempt; a running job
 * whose lease ran out counts as due. `skip locked` lets several workers share the table without
 * taking the same job.
 */
export async function claimJobs(db: JobsDatabase, kind: JobKind, limit: number): Promise<Job[]> {
  const rows = await db.transaction((query) => query<JobRow>`
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
  return rows.map((row) => ({
    id: Number(row.id),
    kind: row.kind,
    userId: row.user_id,
    payload: row.payload,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
  }));
}

/**
 * Marks jobs done, inside the caller's transaction (the one that stored their result). Only a job
 * still running: one put back to pending while it ran (its input changed) must run again.
 */
export async function completeJobs(query: Query, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await query`update private.jobs set status = 'done', locked_at = null, last_error = null, updated_at = now()
              where id = any(${arrayLiteral(ids)}::bigint[]) and status = 'running'`;
}

/** Puts the jobs back with exponential backoff, or marks them dead after their last attempt. */
export async function retryJobs(db: JobsDatabase, jobs: readonly Job[], error: string, retryBaseMs: number): Promise<void> {
  if (jobs.length === 0) return;
  const delaysSeconds = jobs.map((job) => retryDelayMs(job.attempts, retryBaseMs) / 1000);
  await db.transaction((query) => query`
    update private.jobs as j set
      status = case when j.attempts >= j.max_attempts then 'dead' else 'pending' end,
      run_after = now() + make_interval(secs => d.delay_seconds),
      locked_at = null, last_error = ${error.slice(0, 1000)}, updated_at = now()
    from unnest(${arrayLiteral(jobs.map((job) => job.id))}::bigint[], ${arrayLiteral(delaysSeconds)}::float8[]) as d(id, delay_seconds)
    where j.id = d.id`);
}

/**
 * Puts every running job back at once. Only for a worker that knows it is the only one, after its
 * own restart (the local mode's); workers that share the table wait for the lease instead.
 */
export async function releaseRunningJobs(db: JobsDatabase): Promise<number> {
  const rows = await db.transaction((query) => query`
    update private.jobs set status = 'pending', locked_at = null, updated_at = now() where status = 'running'
    returning id`);
  return rows.length;
}

/** Drops jobs done for more than a day (the periodic maintenance); dead ones stay for the backlog to report. */
export async function pruneDoneJobs(db: JobsDatabase): Promise<number> {
  const rows = await db.transaction((query) => query`
    delete from private.jobs where status = 'done' and updated_at < now() - interval '1 day' returning id`);
  return rows.length;
}

export interface JobBacklog {
  pending: number;
  running: number;
  dead: number;
  oldestPendingSeconds: number | null;
}

export async function getJobBacklog(db: JobsDatabase, kind: JobKind): Promise<JobBacklog> {
  return (await getJobBacklogs(db, [kind]))[kind];
}

/** The backlog of several kinds in one statement (the health check has one round trip). */
export async function getJobBacklogs<Kind extends JobKind>(db: JobsDatabase, kinds: readonly Kind[]): Promise<Record<Kind, JobBacklog>> {
  const rows = await db.transaction((query) => query<{ kind: Kind; pending: number; running: number; dead: number; oldest: number | null }>`
    select k.kind,
      count(j.id) filter (where j.status = 'pending')::int as pending,
      count(j.id) filter (where j.status = 'running')::int as running,
      count(j.id) filter (where j.status = 'dead')::int as dead,
      extract(epoch from now() - min(j.created_at) filter (where j.status in ('pending', 'running')))::float8 as oldest
    from unnest(${arrayLiteral(kinds)}::text[]) as k(kind)
    left join private.jobs j on j.kind = k.kind and j.status <> 'done'
    group by k.kind`);
  const backlogs = {} as Record<Kind, JobBacklog>;
  for (const row of rows) {
    backlogs[row.kind] = {
      pending: row.pending,
      running: row.running,
      dead: row.dead,
      oldestPendingSeconds: row.oldest === null ? null : Math.round(row.oldest),
    };
  }
  return backlogs;
}

export interface BatchResult {
  claimed: number;
  done: number;
  failed: number;
  /** Why the batch failed; it went back to the queue with backoff. */
  error?: string;
}

/**
 * Claims one batch of a kind and hands it to `run`, which completes the jobs it finished (in the
 * transaction that stores their results) and answers how many. When `run` throws, the whole
 * batch goes back with backoff.
 */
export async function runJobBatch(
  db: JobsDatabase,
  { kind, limit, retryBaseMs }: { kind: JobKind; limit: number; retryBaseMs: number },
  run: (jobs: Job[]) => Promise<number>,
): Promise<BatchResult> {
  const jobs = await claimJobs(db, kind, limit);
  if (jobs.length === 0) return { claimed: 0, done: 0, failed: 0 };
  try {
    return { claimed: jobs.length, done: await run(jobs), failed: 0 };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await retryJobs(db, jobs, message, retryBaseMs);
    return { claimed: jobs.length, done: 0, failed: jobs.length, error: message };
  }
}
