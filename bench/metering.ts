/**
 * `npm run bench:metering`: what metering costs. Two parts, one run:
 *
 * 1. HTTP: `next start` twice on the same build, with metering on and off (`METERING_DISABLED=1`,
 *    the operator's kill switch), each with its own throwaway database, beside the bare Next app
 *    of bench/support/baseline.ts. One signed-in user sends authenticated `GET /api/chats` over
 *    10 connections (autocannon; the three servers take turns in rounds); throughput and p50/p99
 *    latency, and each server's requests per second as a share of the bare route handler's.
 * 2. The limiter and counter themselves, in process on an on-disk PGlite: `private.admit_request`
 *    (the minute window's upsert, the plan, the day's count) as a statement on its own, and what
 *    it adds to a one-statement user transaction it rides along with (lib/db/ride-along.ts), timed
 *    per request. DESIGN.md's budget: ≤ 1 ms p50 for counter and limiter. The
 *    ratio is to a whole bare Next request's response time over 1 connection, measured in the
 *    same run: what metering costs in bare requests.
 *
 * Run `npm run build` first.
 */
import "../scripts/load-env";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startNext, type NextProcess } from "../tests/support/next-start";
import { startBaseline } from "./support/baseline";
import { compareLoad, measureLoad } from "./support/load";
import { describeMachine, formatMs, formatPercent, formatTimes, percentile, printTable } from "./support/report";

const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = 10;
const counterIterations = Number(process.env.BENCH_COUNTER_ITERATIONS ?? 2000);

const dataDirs: string[] = [];

/** `next start` on a throwaway database of its own. */
async function startServer(env: Record<string, string>): Promise<NextProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mneme-bench-metering-"));
  dataDirs.push(dataDir);
  return startNext({ PGLITE_DATA_DIR: path.join(dataDir, "pglite"), ...env });
}

async function signUp(baseUrl: string): Promise<Record<string, string>> {
  const signup = await fetch(`${baseUrl}/api/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: `bench-${Date.now()}@example.com`, password: "bench-password-123" }),
  });
  const { accessToken } = (await signup.json()) as { accessToken: string };
  return { authorization: `Bearer ${accessToken}` };
}

async function measureCounter() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mneme-bench-counter-"));
  dataDirs.push(dataDir);
  Object.assign(process.env, { PGLITE_DATA_DIR: path.join(dataDir, "pglite"), LOG_LEVEL: "warn", RATE_LIMIT_API_PER_MINUTE: "1000000" });
  const { closeDb, getEmbeddedDatabase } = await import("@/lib/db/client");
  const { withUserAtOnce } = await import("@/lib/db/transaction");
  const { withRideAlong } = await import("@/lib/db/ride-along");
  const { admitRequest, admissionRideAlong } = await import("@/lib/usage/admit-request");
  const { sql } = await import("drizzle-orm");
  const pg = await getEmbeddedDatabase();
  const created = await pg.query<{ id: string }>("insert into auth.users (email, encrypted_password) values ('counter@example.com', 'x') returning id");
  const user = { id: created.rows[0]!.id, email: "counter@example.com" };
  // The limits are the plans table's (seeded at boot, which this bench skips): room for every hit here.
  await pg.query("update public.plans set api_requests_per_minute = 1000000");
  const userQuery = () => withUserAtOnce(user, (tx) => tx.execute(sql`select 1`));
  const alone: number[] = [];
  const bareTransaction: number[] = [];
  const alongTransaction: number[] = [];
  for (let index = 0; index < counterIterations + 200; index++) {
    const started = performance.now();
    await admitRequest({ user, group: "chats" });
    const afterAlone = performance.now();
    await userQuery();
    const afterBare = performance.now();
    await withRideAlong(admissionRideAlong(user, "chats").rideAlong, userQuery);
    if (index >= 200) {
      alone.push(afterAlone - started);
      bareTransaction.push(afterBare - afterAlone);
      alongTransaction.push(performance.now() - afterBare);
    }
  }
  await closeDb();
  const along = alongTransaction.map((value, index) => value - bareTransaction[index]!);
  return { alone, bareTransaction, along };
}

async function main() {
  const baseline = await startBaseline();
  const servers: NextProcess[] = [];
  try {
    const off = await startServer({ METERING_DISABLED: "1" });
    servers.push(off);
    const on = await startServer({ RATE_LIMIT_API_PER_MINUTE: "1000000" });
    servers.push(on);
    const chats = async (server: NextProcess) => ({ url: `${server.baseUrl}/api/chats?limit=20`, headers: await signUp(server.baseUrl) });
    const http = await compareLoad(
      { bare: { url: baseline.routeUrl }, off: await chats(off), on: await chats(on) },
      { connections, seconds, rounds: 4, warmupSeconds: 2 },
    );
    const bareOne = await measureLoad({ url: baseline.routeUrl }, { connections: 1, seconds: 4, rounds: 1, warmupSeconds: 1 });
    for (const server of servers.splice(0)) await server.stop();
    const counter = await measureCounter();

    console.log(`\n${describeMachine()}`);
    console.log(`Authenticated GET /api/chats, ${connections} connections, ${seconds} s per server in 4 alternating rounds (after 2 s warm-up)\n`);
    const rows = [
      ["bare Next route handler (GET /api/ping)", http.bare],
      ["metering off (METERING_DISABLED=1)", http.off],
      ["metering on", http.on],
    ] as const;
    printTable(
      ["server", { header: "requests/s", align: "right" }, { header: "p50 ms", align: "right" }, { header: "p99 ms", align: "right" }, { header: "share of bare req/s", align: "right" }, { header: "failed", align: "right" }],
      rows.map(([label, row]) => [label, row.requestsPerSecond.toFixed(0), formatMs(row.p50, 2), formatMs(row.p99, 2), formatPercent(row.requestsPerSecond / http.bare.requestsPerSecond), String(row.failures)]),
    );
    console.log(`\non ÷ off: ${formatPercent(http.on.requestsPerSecond / http.off.requestsPerSecond)} of the requests per second`);
    console.log(`\nThe counter itself, in process on on-disk PGlite, ${counterIterations} requests; bare route over 1 connection: p50 ${formatMs(bareOne.p50, 2)} ms (${bareOne.requests} requests)\n`);
    printTable(
      ["step", { header: "p50 ms", align: "right" }, { header: "p99 ms", align: "right" }, { header: "p50 ÷ bare request p50", align: "right" }, "budget"],
      (
        [
          ["limiter + counter, one statement on its own (admitted first: chat, memory)", counter.alone, "p50 ≤ 1 ms"],
          ["a user transaction of one statement, without metering", counter.bareTransaction, ""],
          ["limiter + counter riding along that transaction (the difference)", counter.along, "p50 ≤ 1 ms"],
        ] as const
      ).map(([label, values, budget]) => {
        const sorted = [...values].sort((a, b) => a - b);
        const p50 = percentile(sorted, 50);
        return [label, formatMs(p50, 2), formatMs(percentile(sorted, 99), 2), formatTimes(p50 / bareOne.p50), budget && `${budget}: ${p50 <= 1 ? "PASS" : "FAIL"}`];
      }),
    );
  } finally {
    for (const server of servers) await server.stop();
    await baseline.stop();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
