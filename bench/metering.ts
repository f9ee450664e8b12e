/**
 * `npm run bench:metering`: what metering costs. Two parts, one run:
 *
 * 1. HTTP: `next start` twice on the same build, with metering on and off (`METERING_DISABLED=1`,
 *    the operator's kill switch), each with its own throwaway database. One signed-in user sends
 *    authenticated `GET /api/chats` over 10 connections; throughput and p50/p99 latency.
 * 2. The counter itself, in process on an on-disk PGlite: the limiter statement (one atomic
 *    upsert of the minute window plus the plan) and the counter statement (one upsert of the
 *    day's row), timed per request. DESIGN.md's budget: ≤ 1 ms p50 for counter and limiter.
 *
 * Run `npm run build` first.
 */
import "../scripts/load-env";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = 10;
const counterIterations = Number(process.env.BENCH_COUNTER_ITERATIONS ?? 2000);
const root = path.resolve(import.meta.dirname, "..");

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const ms = (value: number) => `${value.toFixed(2)} ms`;

async function startServer(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mneme-bench-metering-"));
  const child = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", String(port)], {
    cwd: root,
    env: { ...process.env, PGLITE_DATA_DIR: path.join(dataDir, "pglite"), LOG_LEVEL: "warn", NEXT_MANUAL_SIG_HANDLE: "1", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).status < 600) return child;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  child.kill("SIGTERM");
  throw new Error(`next start on port ${port} did not answer`);
}

async function stopServer(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

async function load(baseUrl: string) {
  const signup = await fetch(`${baseUrl}/api/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: `bench-${Date.now()}@example.com`, password: "bench-password-123" }),
  });
  const { accessToken } = (await signup.json()) as { accessToken: string };
  const headers = { authorization: `Bearer ${accessToken}` };
  const run = async (durationMs: number) => {
    const latencies: number[] = [];
    let failures = 0;
    const deadline = performance.now() + durationMs;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < deadline) {
          const started = performance.now();
          const response = await fetch(`${baseUrl}/api/chats?limit=20`, { headers });
          await response.arrayBuffer();
          if (response.status !== 200) failures++;
          latencies.push(performance.now() - started);
        }
      }),
    );
    return { latencies, failures, rps: latencies.length / (durationMs / 1000) };
  };
  await run(2000);
  return run(seconds * 1000);
}

async function measureHttp(label: string, port: number, env: Record<string, string>) {
  const server = await startServer(port, env);
  try {
    const result = await load(`http://127.0.0.1:${port}`);
    return { label, ...result };
  } finally {
    await stopServer(server);
  }
}

async function measureCounter() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mneme-bench-counter-"));
  Object.assign(process.env, { PGLITE_DATA_DIR: path.join(dataDir, "pglite"), LOG_LEVEL: "warn" });
  const { closeDb, getEmbeddedDatabase } = await import("@/lib/db/client");
  const { withServiceStatement } = await import("@/lib/db/transaction");
  const { countRequest } = await import("@/lib/db/queries/usage/counter");
  const { hitUserRateLimit } = await import("@/lib/db/queries/usage/limiter");
  const pg = await getEmbeddedDatabase();
  const user = await pg.query<{ id: string }>("insert into auth.users (email, encrypted_password) values ('counter@example.com', 'x') returning id");
  const userId = user.rows[0]!.id;
  const limiter: number[] = [];
  const counter: number[] = [];
  for (let index = 0; index < counterIterations + 200; index++) {
    const started = performance.now();
    await withServiceStatement("usage.meter", (db) =>
      hitUserRateLimit(db, { userId, key: `user:${userId}:api`, routeGroup: "chats", limitsByPlan: { free: 1_000_000, pro: 1_000_000 } }),
    );
    const between = performance.now();
    await withServiceStatement("usage.meter", (db) => countRequest(db, { userId, routeGroup: "chats", statusClass: "2xx" }));
    if (index >= 200) {
      limiter.push(between - started);
      counter.push(performance.now() - between);
    }
  }
  await closeDb();
  const both = limiter.map((value, index) => value + counter[index]!);
  return { limiter, counter, both };
}

async function main() {
  const off = await measureHttp("metering off (METERING_DISABLED=1)", 3241, { METERING_DISABLED: "1" });
  const on = await measureHttp("metering on", 3242, { RATE_LIMIT_API_PER_MINUTE: "1000000" });
  const counter = await measureCounter();

  console.log(`\nAuthenticated GET /api/chats, ${connections} connections, ${seconds} s each (after 2 s warm-up)\n`);
  console.log("| server | requests/s | p50 | p99 | non-200 |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  for (const row of [off, on]) {
    console.log(`| ${row.label} | ${row.rps.toFixed(0)} | ${ms(percentile(row.latencies, 50))} | ${ms(percentile(row.latencies, 99))} | ${row.failures} |`);
  }
  console.log(`| on / off | ${((on.rps / off.rps) * 100).toFixed(0)} % | | | |`);
  console.log(`\nThe counter itself, in process on on-disk PGlite, ${counterIterations} requests\n`);
  console.log("| step | p50 | p99 |");
  console.log("| --- | ---: | ---: |");
  for (const [label, values] of [
    ["limiter statement (window upsert + plan)", counter.limiter],
    ["counter statement (day upsert)", counter.counter],
    ["limiter + counter per request", counter.both],
  ] as const) {
    console.log(`| ${label} | ${ms(percentile(values, 50))} | ${ms(percentile(values, 99))} |`);
  }
}

await main();
process.exit(0);
