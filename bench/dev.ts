/**
 * `npm run bench:dev`: a fresh clone's `npm run dev` to its first page, `/login` answering 200
 * (DESIGN.md budget: ≤ 20 s; issue 12).
 *
 * Each run clones this repo at a commit into a throwaway folder (no `.next`, no `.data`, no `.env`,
 * as a fresh clone has them), hard-links this repo's node_modules in (an install is not what is
 * timed), spawns `npm run dev` there on a free port and requests `/login` until it answers 200.
 * The split comes from what the process prints, timed as it arrives: Next's "Ready", the app's
 * "database ready" and "local start-up done" log lines (LOG_LEVEL=info) and Next's own request
 * line for `/login`: "next.js" is Next's own part of that request (compiling the page, mostly),
 * "proxy.ts" and "application-code" the app's. Every line, timed, is kept in a log file per run.
 *
 * BENCH_DEV_REFS names the trees, comma-separated (default `HEAD`); with two, such as
 * `BENCH_DEV_REFS=main,HEAD`, they take turns BENCH_DEV_RUNS times each (default 2), a before and
 * after in one run. Any commit will do (`git stash create` makes one of uncommitted changes); the
 * working tree itself is not measured.
 */
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { freePort } from "../tests/support/next-start";
import { describeMachine, formatMs, passOrFail, printTable } from "./support/report";

const root = path.resolve(import.meta.dirname, "..");
const refs = (process.env.BENCH_DEV_REFS ?? "HEAD").split(",").map((ref) => ref.trim()).filter(Boolean);
const runs = Number(process.env.BENCH_DEV_RUNS ?? (refs.length > 1 ? 2 : 1));
const budgetSeconds = 20;
const timeoutMs = 240_000;

interface DevRun {
  ref: string;
  /** Seconds from spawning `npm run dev` to `/login`'s first 200. */
  total: number;
  /** Seconds from spawning to each milestone printed, where it was printed. */
  ready?: number;
  /** Turbopack began compiling instrumentation.ts for Node.js, then moved on to its Edge build. */
  instrumentationNode?: number;
  instrumentationEdge?: number;
  databaseReady?: number;
  /** The database's own opening and migration, as its log line reports it (ms → s). */
  databaseOwn?: number;
  startupDone?: number;
  /** Turbopack began compiling the page: the request waited for instrumentation's register() until then. */
  loginCompile?: number;
  /** Next's own account of the first `/login` request, as it printed it. */
  requestLine?: string;
  /** Next's own part of that request ("next.js": compiling the page, mostly). */
  framework?: number;
  /** Where every line the process printed is kept, with its time. */
  logFile: string;
}

/** "1.2s", "350ms", "2min" as Next prints durations, in seconds. */
function parseDuration(text: string): number | undefined {
  const match = /^([\d.]+)(ms|s|min)$/.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  return match[2] === "ms" ? value / 1000 : match[2] === "min" ? value * 60 : value;
}

/** A clone of this repo at `ref` in a folder of its own, node_modules hard-linked from this repo's. */
function checkOut(ref: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mneme-bench-dev-"));
  const commit = execFileSync("git", ["rev-parse", "--verify", `${ref}^{commit}`], { cwd: root, encoding: "utf8" }).trim();
  // --shared borrows this repo's objects, so any commit of it can be checked out, stashes included.
  execFileSync("git", ["clone", "--quiet", "--shared", "--no-checkout", root, dir]);
  execFileSync("git", ["checkout", "--quiet", "--detach", commit], { cwd: dir });
  // Hard links: a copy in seconds, not minutes; nothing here writes into node_modules.
  execFileSync("cp", ["-al", path.join(root, "node_modules"), path.join(dir, "node_modules")]);
  return dir;
}

const isGroupAlive = (pid: number) => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** SIGTERM to `npm run dev`'s whole process group (npm, next, its workers), SIGKILL after 10 s; waits until all are gone. */
async function stopGroup(pid: number): Promise<void> {
  if (isGroupAlive(pid)) process.kill(-pid, "SIGTERM");
  const deadline = Date.now() + 10_000;
  while (isGroupAlive(pid)) {
    if (Date.now() > deadline) process.kill(-pid, "SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function measure(ref: string): Promise<DevRun> {
  const dir = checkOut(ref);
  const port = await freePort();
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const child = spawn("npm", ["run", "dev", "--", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: dir,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, LOG_LEVEL: "info", NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "development" },
  });
  const run: DevRun = { ref, total: Number.NaN, logFile: `${dir}.log` };
  let output = "";
  const timeline: string[] = [];
  const onOutput = (chunk: Buffer) => {
    const text = stripVTControlCharacters(chunk.toString());
    output += text;
    for (const line of text.split("\n")) {
      if (line.trim()) timeline.push(`${seconds().toFixed(1).padStart(6)} s  ${line}`);
      if (run.ready === undefined && /Ready in/.test(line)) run.ready = seconds();
      if (run.instrumentationNode === undefined && /Compiling instrumentation Node/.test(line)) run.instrumentationNode = seconds();
      if (run.instrumentationEdge === undefined && /Compiling instrumentation Edge/.test(line)) run.instrumentationEdge = seconds();
      if (run.loginCompile === undefined && /Compiling \/login/.test(line)) run.loginCompile = seconds();
      if (run.databaseReady === undefined && /database ready/.test(line)) {
        run.databaseReady = seconds();
        const own = /"?ms"?:\s*(\d+)/.exec(line);
        run.databaseOwn = own ? Number(own[1]) / 1000 : undefined;
      }
      if (run.startupDone === undefined && /local start-up done/.test(line)) run.startupDone = seconds();
      const request = /GET \/login 200 in .*/.exec(line);
      if (run.requestLine === undefined && request) {
        run.requestLine = request[0].trim();
        const framework = /next\.js: ([\d.]+(?:ms|s|min))/.exec(request[0]);
        run.framework = framework ? parseDuration(framework[1]!) : undefined;
      }
    }
  };
  child.stdout.on("data", onOutput);
  child.stderr.on("data", onOutput);
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm run dev exited with ${child.exitCode}:\n${output.slice(-3000)}`);
      if (performance.now() - started > timeoutMs) throw new Error(`/login did not answer 200 within ${timeoutMs / 1000} s:\n${output.slice(-3000)}`);
      const status = await fetch(`http://127.0.0.1:${port}/login`, { redirect: "manual" }).then(
        async (response) => (await response.arrayBuffer(), response.status),
        () => 0,
      );
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    run.total = seconds();
    // Next prints its request line just after the response.
    await new Promise((resolve) => setTimeout(resolve, 500));
    return run;
  } finally {
    await stopGroup(child.pid!);
    writeFileSync(run.logFile, `${timeline.join("\n")}\n`);
    // Turbopack may still be flushing its cache when the group goes: retry until it is empty.
    rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
  }
}

async function main() {
  const results: DevRun[] = [];
  for (let round = 0; round < runs; round++) {
    for (const ref of refs) {
      process.stdout.write(`${ref} (run ${round + 1} of ${runs})… `);
      const run = await measure(ref);
      console.log(`${run.total.toFixed(1)} s (${run.requestLine ?? "no request line"}; log: ${run.logFile})`);
      results.push(run);
    }
  }
  console.log(`\n${describeMachine()}`);
  console.log(`npm run dev on a fresh clone (no .next, no .data, no .env; node_modules hard-linked in) to /login's first 200\n`);
  const labels = new Map(refs.map((ref) => [ref, execFileSync("git", ["rev-parse", "--short", ref], { cwd: root, encoding: "utf8" }).trim()]));
  printTable(
    [
      "tree",
      { header: "to /login 200 (s)", align: "right" },
      { header: "Ready (s)", align: "right" },
      { header: "instrumentation (Node) compile (s)", align: "right" },
      { header: "database ready (s)", align: "right" },
      { header: "database's own (s)", align: "right" },
      { header: "start-up done (s)", align: "right" },
      { header: "/login compile begins (s)", align: "right" },
      { header: "Next's part of /login (s)", align: "right" },
      "Next's request line",
      "log",
      `budget ≤ ${budgetSeconds} s`,
    ],
    results.map((run) => [
      `${run.ref} (${labels.get(run.ref)})`,
      formatMs(run.total),
      formatMs(run.ready ?? Number.NaN),
      formatMs((run.instrumentationEdge ?? Number.NaN) - (run.instrumentationNode ?? Number.NaN)),
      formatMs(run.databaseReady ?? Number.NaN),
      formatMs(run.databaseOwn ?? Number.NaN),
      formatMs(run.startupDone ?? Number.NaN),
      formatMs(run.loginCompile ?? Number.NaN),
      formatMs(run.framework ?? Number.NaN),
      run.requestLine ?? "",
      run.logFile,
      passOrFail(run.total <= budgetSeconds),
    ]),
  );
  console.log("\nSeconds from spawning `npm run dev`; the milestones as the process printed them (empty: not printed).");
  console.log("The first request waits for instrumentation.ts's register() (which opens the database) before Turbopack starts compiling the page.");
}

await main();
