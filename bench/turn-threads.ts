/**
 * `npm run bench:turn`: where the server's time before a chat turn reaches the model goes in the
 * local mode, by thread. In process, on an on-disk PGlite opened as the app opens it (its own
 * worker thread, over the wire protocol), one user, one chat, each step repeated:
 *   - a user transaction of one statement (`select 1`): the floor any request pays;
 *   - the admission (limiter and counter, lib/usage/admit-request.ts), which the chat route sends first;
 *   - the turn's start (lib/chat/begin-turn.ts: its reads, the two messages, the reservation and
 *     the recall; the question's embedding is offline-hash, so no network).
 * For each: the wall time per step (p50, p99), and the CPU time per step of the request's thread and of
 * the database's thread, read from /proc (Linux) over all the runs of the step: the busiest thread
 * other than the main one is the database's. bench:chat's budget for the time the server adds
 * before the first token is 5 ms p50; what the database's thread alone spends per turn (admission
 * and start) is printed beside it: when that is over the budget, no change above the database meets it.
 */
import "../scripts/load-env";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describeMachine, formatMs, formatTimes, percentile, printTable } from "./support/report";

const runs = Number(process.env.BENCH_TURN_RUNS ?? 300);
const warmup = 30;
const budgetMs = 5;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mneme-bench-turn-"));
Object.assign(process.env, {
  PGLITE_DATA_DIR: path.join(dataDir, "pglite"),
  LOG_LEVEL: "warn",
  // A priced model is offered once a provider is configured; nothing calls it here.
  OPENAI_API_KEY: "sk-bench-not-used",
  EMBEDDINGS_MODEL: "offline-hash",
});
const { closeDb, getEmbeddedDatabase } = await import("@/lib/db/client");
const { withUserAtOnce } = await import("@/lib/db/transaction");
const { admitRequest } = await import("@/lib/usage/admit-request");
const { beginTurn } = await import("@/lib/chat/begin-turn");
const { sql } = await import("drizzle-orm");

const ticksPerMs = 100 / 1000; // USER_HZ: /proc counts CPU time in hundredths of a second

/** CPU milliseconds so far of every thread of this process, by thread id. */
function threadCpuMs(): Map<string, number> {
  const times = new Map<string, number>();
  for (const id of fs.readdirSync("/proc/self/task")) {
    const stat = fs.readFileSync(`/proc/self/task/${id}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    times.set(id, (Number(fields[11]) + Number(fields[12])) / ticksPerMs); // utime, stime
  }
  return times;
}

interface StepFigures {
  wall: number[];
  mainCpuMs: number;
  databaseCpuMs: number;
}

/** Runs `step` `runs` times after a warm-up, timing each and the CPU of both threads over all. */
async function measure(step: (index: number) => Promise<void>): Promise<StepFigures> {
  for (let index = 0; index < warmup; index++) await step(index);
  const before = threadCpuMs();
  const wall: number[] = [];
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    await step(warmup + index);
    wall.push(performance.now() - started);
  }
  const after = threadCpuMs();
  const spent = [...after].map(([id, ms]) => [id, ms - (before.get(id) ?? 0)] as const);
  const mainId = String(process.pid);
  const main = spent.find(([id]) => id === mainId)?.[1] ?? 0;
  const database = Math.max(0, ...spent.filter(([id]) => id !== mainId).map(([, ms]) => ms));
  return { wall: wall.sort((a, b) => a - b), mainCpuMs: main / runs, databaseCpuMs: database / runs };
}

async function main() {
  const pg = await getEmbeddedDatabase();
  const created = await pg.query<{ id: string }>("insert into auth.users (email, encrypted_password) values ('turn@example.com', 'x') returning id");
  const user = { id: created.rows[0]!.id, email: "turn@example.com" };
  const chat = await pg.query<{ id: string }>("insert into chats (user_id, title) values ($1, 'Where the time goes') returning id", [user.id]);
  const chatId = chat.rows[0]!.id;
  // The plans are seeded at boot, which this bench skips: room for every step here.
  await pg.query("update public.plans set api_requests_per_minute = 1000000, chat_requests_per_minute = 1000000, monthly_requests = null, monthly_budget_micro_usd = null");

  const oneStatement = await measure(async () => {
    await withUserAtOnce(user, (tx) => tx.execute(sql`select 1`));
  });
  const admission = await measure(async () => {
    await admitRequest({ user, group: "chat" });
  });
  const turnStart = await measure(async (index) => {
    const { turn } = await beginTurn(user, { chatId, message: `Question ${index}: where does the time go?` });
    turn.release();
    // As a finished reply would leave it, so the next turn's history is a chat's.
    await pg.query("update messages set status = 'complete', content = 'Here.' where id = $1", [turn.assistantMessageId]);
  });
  await closeDb();

  console.log(`\n${describeMachine()}`);
  console.log(`local mode, in process, ${runs} runs per step after ${warmup} of warm-up; CPU per step from /proc over all runs\n`);
  const rows = [
    ["a user transaction of one statement", oneStatement],
    ["admission (limiter and counter)", admission],
    ["turn start (beginTurn)", turnStart],
  ] as const;
  printTable(
    ["step", ...["wall p50 ms", "wall p99 ms", "request thread CPU ms", "database thread CPU ms", "wall p50 ÷ one statement"].map((header) => ({ header, align: "right" as const }))],
    rows.map(([label, figures]) => [
      label,
      formatMs(percentile(figures.wall, 50), 2),
      formatMs(percentile(figures.wall, 99), 2),
      formatMs(figures.mainCpuMs, 2),
      formatMs(figures.databaseCpuMs, 2),
      formatTimes(percentile(figures.wall, 50) / percentile(oneStatement.wall, 50)),
    ]),
  );
  const databaseBeforeModel = admission.databaseCpuMs + turnStart.databaseCpuMs;
  console.log(
    `\nBefore the model is called, the database's thread spends ${formatMs(databaseBeforeModel, 2)} ms of CPU per turn ` +
      `(admission and start); bench:chat's budget for all the server adds is ${budgetMs} ms p50: ` +
      (databaseBeforeModel > budgetMs ? "the embedded database alone is over it." : "within it."),
  );
}

try {
  await main();
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
