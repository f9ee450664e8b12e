import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db/client";
import { workerDatabase } from "@/lib/jobs/queue";
import { jobQueueContract } from "@/supabase/functions/_shared/job-queue-contract";

// The same cases run on Deno over postgres.js (supabase/functions/_shared/job-queue.test.ts).
beforeAll(() => getDb());
afterAll(() => closeDb());

describe("the jobs queue, over the app's database", () => {
  for (const { name, run } of jobQueueContract) {
    it(name, () => run(workerDatabase, (actual, expected, message) => expect(actual, message).toEqual(expected)));
  }
});
