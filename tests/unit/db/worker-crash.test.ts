import type { Worker as NodeWorker } from "node:worker_threads";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb, getDb } from "@/lib/db/client";
import { withService } from "@/lib/db/transaction";
import { isAppError } from "@/lib/errors";

// The database's worker thread, as lib/db/local/open-pglite.ts starts it, kept here so the test can stop it as a crash would.
const workers = vi.hoisted(() => [] as NodeWorker[]);
vi.mock("node:worker_threads", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:worker_threads")>();
  class Worker extends actual.Worker {
    constructor(...args: ConstructorParameters<typeof actual.Worker>) {
      super(...args);
      workers.push(this);
    }
  }
  return { ...actual, default: { ...actual, Worker }, Worker };
});

beforeAll(() => getDb());
afterAll(() => closeDb());

describe("the embedded database's worker thread", () => {
  it("answers 503 unavailable, not a hang, once it has died", async () => {
    expect(await withService("health", (tx) => tx.execute(sql`select 1 as one`))).toMatchObject({ rows: [{ one: 1 }] });
    expect(workers).toHaveLength(1);

    await workers[0]!.terminate();
    const failure = await withService("health", (tx) => tx.execute(sql`select 1`)).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isAppError(failure) && failure.code).toBe("unavailable");
  });
});
