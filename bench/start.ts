/**
 * `npm run bench:start`: how long `next start` takes to answer `/api/health` with 200 (DESIGN.md,
 * "Performance budgets"; issue 12's start goal), measured from the spawn of the process:
 *   - existing: on a data directory an earlier start initialised and migrated;
 *   - new: on a data directory that does not exist yet;
 *   - PGlite alone: `PGlite.create` of a new data directory with the vector extension, nothing
 *     else, timed inside a fresh Node process (its start and imports not counted): what the
 *     embedded database itself needs, which a start on a new directory cannot go below.
 * The budgets: existing ≤ 1.5 s; new ≤ PGlite alone + 1 s. Each round measures every scenario
 * once, in turn, so load from other work on the machine falls on all of them alike; the table
 * shows the median and the range over the rounds, and the ratios are taken between figures of the
 * same run.
 *
 * Builds nothing: it runs the existing production build (`npm run build` first). Set
 * BENCH_START_BEFORE to another checkout with its own build (a worktree of main) to measure it in
 * the same rounds, as a "before" column. BENCH_START_ROUNDS sets the rounds (default 5).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../tests/support/next-start";

const root = path.resolve(import.meta.dirname, "..");
const rounds = Number(process.env.BENCH_START_ROUNDS ?? 5);
const before = process.env.BENCH_START_BEFORE ? path.resolve(process.env.BENCH_START_BEFORE) : undefined;

interface Checkout {
  label: string;
  dir: string;
}

const checkouts: Checkout[] = [...(before ? [{ label: "before", dir: before }] : []), { label: before ? "this branch" : "app", dir: root }];
for (const { dir } of checkouts) {
  if (!existsSync(path.join(dir, ".next", "BUILD_ID"))) throw new Error(`No production build in ${dir}/.next: run npm run build there first.`);
}

const workDir = mkdtempSync(path.join(os.tmpdir(), "mneme-bench-start-"));
const children = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
  rmSync(workDir, { recursive: true, force: true });
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

/** Milliseconds from the spawn of `next start` in `dir` until `/api/health` answers 200; then stops it. */
async function timeToHealthy(dir: string, dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(dir, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: dir,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_MANUAL_SIG_HANDLE: "1",
      LOG_LEVEL: "silent",
      PGLITE_DATA_DIR: dataDir,
      AUTH_SECRET: randomBytes(32).toString("hex"),
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.add(child);
  let errors = "";
  child.stderr!.on("data", (chunk: Buffer) => void (errors = (errors + chunk.toString()).slice(-2000)));
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`next start in ${dir} exited with ${child.exitCode}: ${errors}`);
      const status = await fetch(`http://127.0.0.1:${port}/api/health`).then((response) => response.status, () => 0);
      if (status === 200) return performance.now() - started;
      if (Date.now() > deadline) throw new Error(`/api/health of ${dir} did not answer 200 within 120 s (last: ${status}): ${errors}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM"); // the app closes its database on SIGTERM
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
    children.delete(child);
  }
}

const pgliteAlone = `
  const { PGlite } = await import("@electric-sql/pglite");
  const { vector } = await import("@electric-sql/pglite-pgvector");
  const started = performance.now();
  const pg = await PGlite.create({ dataDir: process.argv[1], extensions: { vector } });
  const ms = performance.now() - started;
  await pg.close();
  console.log(ms);
`;

/** PGlite's own initialisation of a new data directory, timed inside a fresh Node process. */
function timePgliteAlone(dataDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", pgliteAlone, dataDir], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    children.add(child);
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => void (output += chunk.toString()));
    child.on("exit", (code) => {
      children.delete(child);
      if (code === 0) resolve(Number(output.trim()));
      else reject(new Error(`timing PGlite alone exited with ${code}`));
    });
  });
}

const samples = new Map<string, number[]>();
const record = (key: string, ms: number) => samples.set(key, [...(samples.get(key) ?? []), ms]);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

console.log(`next start to the first 200 from /api/health, ${rounds} rounds on ${os.cpus().length} cores (load average ${os.loadavg()[0]!.toFixed(1)})\n`);
for (let round = 1; round <= rounds; round++) {
  record("pglite", await timePgliteAlone(path.join(workDir, `pglite-alone-${round}`)));
  for (const { label, dir } of checkouts) {
    const dataDir = path.join(workDir, `${label.replace(/\W/g, "-")}-${round}`);
    record(`${label}/new`, await timeToHealthy(dir, dataDir));
    record(`${label}/existing`, await timeToHealthy(dir, dataDir));
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(`${dataDir}.lock`, { force: true });
  }
  process.stdout.write(`round ${round}/${rounds} done\n`);
}

const cell = (key: string) => {
  const values = samples.get(key)!;
  return `${Math.round(median(values))} ms (${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))})`;
};
const pgliteMedian = median(samples.get("pglite")!);
const rows: string[][] = [
  ["", ...checkouts.map(({ label }) => label)],
  ["existing data directory", ...checkouts.map(({ label }) => cell(`${label}/existing`))],
  ["new data directory", ...checkouts.map(({ label }) => cell(`${label}/new`))],
  ["PGlite alone (new directory)", ...checkouts.map(() => cell("pglite"))],
  ["new − PGlite alone (budget ≤ 1000 ms)", ...checkouts.map(({ label }) => `${Math.round(median(samples.get(`${label}/new`)!) - pgliteMedian)} ms`)],
  ["new ÷ PGlite alone", ...checkouts.map(({ label }) => (median(samples.get(`${label}/new`)!) / pgliteMedian).toFixed(2))],
  ["existing ÷ budget of 1500 ms", ...checkouts.map(({ label }) => (median(samples.get(`${label}/existing`)!) / 1500).toFixed(2))],
];
if (before) rows.push(["this branch ÷ before, existing", "", (median(samples.get("this branch/existing")!) / median(samples.get("before/existing")!)).toFixed(2)]);
if (before) rows.push(["this branch ÷ before, new", "", (median(samples.get("this branch/new")!) / median(samples.get("before/new")!)).toFixed(2)]);

const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
console.log("");
for (const [index, row] of rows.entries()) {
  console.log(`| ${row.map((value, column) => (column === 0 ? value.padEnd(widths[column]!) : value.padStart(widths[column]!))).join(" | ")} |`);
  if (index === 0) console.log(`| ${widths.map((width, column) => (column === 0 ? "-".repeat(width) : `${"-".repeat(width - 1)}:`)).join(" | ")} |`);
}
console.log("\nMedians over the rounds, range in brackets; PGlite alone is the same measurement for every column.");
process.exit(0);
