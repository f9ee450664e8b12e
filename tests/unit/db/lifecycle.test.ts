import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acquireDataDirLock } from "@/lib/db/lock.mjs";

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "mneme-db-"));
const dataDir = path.join(workDir, "pglite");
process.env.PGLITE_DATA_DIR = dataDir;
// Imported after the variable is set: the environment is read once per process.
const { closeDb, getEmbeddedDatabase } = await import("@/lib/db/client");
const { boot } = await import("@/lib/boot");

afterAll(async () => {
  await closeDb();
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe("the data directory lock", () => {
  it("refuses a second holder and names the first", () => {
    const lockedDir = path.join(workDir, "locked");
    const release = acquireDataDirLock(lockedDir);
    // Another live process (our parent) now claims it.
    fs.writeFileSync(`${lockedDir}.lock`, JSON.stringify({ pid: process.ppid, hostname: os.hostname(), command: "next dev", startedAt: "earlier" }));
    expect(() => acquireDataDirLock(lockedDir)).toThrow(new RegExp(`in use by process ${process.ppid} \\(next dev`));
    release();
  });

  it("takes over a lock whose holder is gone", () => {
    const staleDir = path.join(workDir, "stale");
    fs.writeFileSync(`${staleDir}.lock`, JSON.stringify({ pid: 2 ** 22 + 7, hostname: os.hostname(), command: "crashed", startedAt: "long ago" }));
    const release = acquireDataDirLock(staleDir);
    expect(JSON.parse(fs.readFileSync(`${staleDir}.lock`, "utf8")).pid).toBe(process.pid);
    release();
    expect(fs.existsSync(`${staleDir}.lock`)).toBe(false);
  });
});

describe("restart", () => {
  it("keeps data on disk and marks replies cut off by a crash as errors", async () => {
    const pg = await getEmbeddedDatabase();
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(true);
    await pg.exec(`
      insert into auth.users (id, email, encrypted_password) values ('11111111-1111-4111-8111-111111111111', 'carol@example.com', 'x');
      insert into chats (id, user_id, title) values ('22222222-2222-4222-8222-222222222222', '11111111-1111-4111-8111-111111111111', 'cut off');
      insert into messages (chat_id, user_id, role, content, status) values
        ('22222222-2222-4222-8222-222222222222', '11111111-1111-4111-8111-111111111111', 'assistant', 'half a rep', 'streaming');
    `);
    await closeDb();
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);

    await boot({ worker: false });
    const reopened = await getEmbeddedDatabase();
    const rows = await reopened.query<{ content: string; status: string; error_code: string }>(
      "select content, status, error_code from messages",
    );
    expect(rows.rows).toEqual([{ content: "half a rep", status: "error", error_code: "interrupted" }]);
  });
});

describe("background jobs across a restart", () => {
  it("jobs pending or claimed when the process died are done after the restart", async () => {
    const { runEmbeddingBatch } = await import("@/lib/jobs/worker");
    const { releaseRunningJobs } = await import("@/lib/jobs/queue");
    const pg = await getEmbeddedDatabase();
    await pg.exec(`
      insert into messages (chat_id, user_id, role, content) values
        ('22222222-2222-4222-8222-222222222222', '11111111-1111-4111-8111-111111111111', 'user', 'remember the blue door'),
        ('22222222-2222-4222-8222-222222222222', '11111111-1111-4111-8111-111111111111', 'user', 'and the red window');
      -- One of them was claimed by a worker that then died.
      update private.jobs set status = 'running', locked_at = now(), attempts = 1
      where id = (select min(id) from private.jobs where status = 'pending');
    `);
    await closeDb();

    await getEmbeddedDatabase();
    expect(await releaseRunningJobs()).toBe(1);
    await runEmbeddingBatch();
    const reopened = await getEmbeddedDatabase();
    const jobs = await reopened.query<{ status: string }>("select status from private.jobs where kind = 'embed_message'");
    expect(jobs.rows.map((row) => row.status)).toEqual(["done", "done"]);
    const embedded = await reopened.query<{ n: number }>("select count(*)::int as n from message_embeddings");
    expect(embedded.rows[0]!.n).toBe(2);
  });
});
