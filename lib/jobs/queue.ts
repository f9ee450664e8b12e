import "server-only";
import { sql } from "drizzle-orm";
import type { Database, Transaction } from "@/lib/db/client";
import { type ServicePath, withService, withServiceStatement } from "@/lib/db/transaction";
import * as queue from "@/supabase/functions/_shared/job-queue";
import type { JobsDatabase, Query } from "@/supabase/functions/_shared/job-queue";
import type { Job, JobBacklog, JobKind } from "./types";

// The queue's SQL and rules live in the module the edge function shares; this is the app's side of it.

/** The shared queue's tagged template over drizzle's. */
function queryOver(db: Database | Transaction): Query {
  return async <Row extends object>(strings: TemplateStringsArray, ...values: queue.SqlValue[]) => (await db.execute(sql(strings, ...values))).rows as Row[];
}

/** The shared queue over a service transaction named `path`. */
export function serviceJobsDatabase(path: ServicePath): JobsDatabase {
  return { transaction: (work) => withService(path, (tx) => work(queryOver(tx))) };
}

/** For work of one statement, which is atomic on its own: no BEGIN and COMMIT, two round trips fewer. */
function serviceStatementJobsDatabase(path: ServicePath): JobsDatabase {
  return { transaction: (work) => withServiceStatement(path, (db) => work(queryOver(db))) };
}

export const workerDatabase = serviceJobsDatabase("jobs.worker");

export const claimJobs = (kind: JobKind, limit: number): Promise<Job[]> => queue.claimJobs(workerDatabase, kind, limit);

/** After a restart of the only local worker, nothing can still be running: put it back at once. */
export const releaseRunningJobs = (): Promise<number> => queue.releaseRunningJobs(workerDatabase);

export const pruneDoneJobs = (): Promise<number> => queue.pruneDoneJobs(workerDatabase);

/** One statement (the health check's only one). */
export const getJobBacklog = (kind: JobKind): Promise<JobBacklog> => queue.getJobBacklog(serviceStatementJobsDatabase("health"), kind);

/** Every kind's backlog, in one statement. */
export const getJobBacklogs = <Kind extends JobKind>(kinds: readonly Kind[]): Promise<Record<Kind, JobBacklog>> =>
  queue.getJobBacklogs(serviceStatementJobsDatabase("health"), kinds);

/** Completes jobs inside the transaction that stored their results (see the shared completeJobs). */
export const completeJobsIn = (tx: Transaction, ids: readonly number[]): Promise<void> => queue.completeJobs(queryOver(tx), ids);
