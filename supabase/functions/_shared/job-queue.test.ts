import { assertEquals } from "../_test/assert.ts";
import { createSql, jobsDatabase } from "./db.ts";
import { jobQueueContract } from "./job-queue-contract.ts";

// The same cases run in the app's unit tests over drizzle (tests/unit/jobs/queue.test.ts).
const sql = createSql(Deno.env.get("DATABASE_URL")!);
const db = jobsDatabase(sql);

for (const { name, run } of jobQueueContract) {
  Deno.test({ name, sanitizeOps: false, sanitizeResources: false, fn: () => run(db, assertEquals) });
}

Deno.test("close the connection", () => sql.end({ timeout: 1 }));
