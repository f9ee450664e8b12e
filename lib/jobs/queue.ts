import "server-only";
import { sql } from "drizzle-orm";
import { type ServicePath, withService } from "@/lib/db/transaction";
import * as queue from "@/supabase/functions/_shared/job-queue";
import type { JobsDatabase, Query } from "@/supabase/functions/_shared/job-queue";
import type { Job, JobBacklog, JobKind } from "./types";

// The queue's SQL and rules live in the module the edge function shares; this is the app's side of it.

/** The shared queue over a service transaction named `path` (drizzle's `sql` is the tagged template). */
export function serviceJobsDatabase(path: ServicePath): JobsDatabase {
  return {
    transaction: (work) =>
      withService(path, (tx) => {
        const query: Query = async <Row extends object>(strings: TemplateStringsArray, ...values: queue.SqlValue[]) =>
          (await tx.execute(sql(strings, ...values))).rows as Row[];
        return work(query);
      }),
  };
}

export const workerDatabase = serviceJobsDatabase("jobs.worker");

export const claimJobs = (kind: JobKind, limit: number): Promise<Job[]> => queue.claimJobs(workerDatabase, kind, limit);

/** After a restart of the only local worker, nothing can still be running: put it back at once. */
export const releaseRunningJobs = (): Promise<number> => queue.releaseRunningJobs(workerDatabase);

export const pruneDoneJobs = (): Promise<number> => queue.pruneDoneJobs(workerDatabase);

export const getJobBacklog = (kind: JobKind): Promise<JobBacklog> => queue.getJobBacklog(serviceJobsDatabase("health"), kind);
