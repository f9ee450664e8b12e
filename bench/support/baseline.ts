/**
 * The baseline every bench prints its figures against: a bare Next app (bench/fixtures/bare-next)
 * on the repo's own Next and React, one per-request route handler (`/api/ping`) and one
 * per-request page (`/`), started beside the product in the same run. A ratio to it survives a
 * noisy machine where a figure in milliseconds does not.
 *
 * Built with webpack (`next build --webpack`): Turbopack in Next 16 compiles the enclosing repo's
 * proxy.ts and instrumentation.ts into a nested app (vercel/next.js#95287), which is the product,
 * not a bare app. What a request costs at run time is Next's server and React, not the bundler's
 * few lines of wrapper around a one-line handler.
 *
 * It is built once: the build is kept in the fixture's `.next` with a hash of what went into it
 * (its sources, and the versions of Next, React and Node), and rebuilt only when that changes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { freePort } from "../../tests/support/next-start";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const fixtureDir = path.join(repoRoot, "bench/fixtures/bare-next");
const nextBin = path.join(repoRoot, "node_modules/next/dist/bin/next");
const hashFile = path.join(fixtureDir, ".next/bench-source-hash");
// What `next build` writes into the fixture itself; not an input of the build.
const generated = new Set([".next", "next-env.d.ts", "tsconfig.tsbuildinfo"]);

export interface Baseline {
  baseUrl: string;
  /** The bare per-request route handler, the peer of the product's API routes. */
  routeUrl: string;
  /** The bare per-request page, the peer of the product's pages. */
  pageUrl: string;
  /** Milliseconds from spawning `next start` to the route's first 200. */
  startupMs: number;
  stop: () => Promise<void>;
}

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !generated.has(entry.name))
    .flatMap((entry) => (entry.isDirectory() ? listSources(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
    .sort();
}

function sourceHash(): string {
  const hash = createHash("sha256");
  for (const file of listSources(fixtureDir)) hash.update(path.relative(fixtureDir, file)).update("\0").update(readFileSync(file)).update("\0");
  for (const name of ["next", "react", "react-dom"]) {
    hash.update(`${name}@${(JSON.parse(readFileSync(path.join(repoRoot, "node_modules", name, "package.json"), "utf8")) as { version: string }).version}\0`);
  }
  return hash.update(process.version).digest("hex");
}

function runNext(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, ...args], {
      cwd: fixtureDir,
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => void (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => void (output += chunk));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next ${args.join(" ")} in ${fixtureDir} exited with ${code}:\n${output}`))));
  });
}

/** Builds the bare app unless its build is of exactly these sources and versions. */
export async function buildBaseline(): Promise<void> {
  const hash = sourceHash();
  if (existsSync(hashFile) && readFileSync(hashFile, "utf8") === hash) return;
  process.stdout.write("building the bare Next baseline (bench/fixtures/bare-next; once, until it or Next changes)… ");
  const started = performance.now();
  await runNext(["build", "--webpack"]);
  writeFileSync(hashFile, hash);
  console.log(`${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** Builds the bare app if need be and starts it on a free port; healthy before this returns. */
export async function startBaseline(): Promise<Baseline> {
  await buildBaseline();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: fixtureDir,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "ignore",
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  // A bench that dies still stops it.
  process.once("exit", () => child.kill("SIGKILL"));
  for (let attempt = 0; attempt < 600; attempt++) {
    const up = await fetch(`${baseUrl}/api/ping`).then((response) => response.ok, () => false);
    if (up) return { baseUrl, routeUrl: `${baseUrl}/api/ping`, pageUrl: `${baseUrl}/`, startupMs: performance.now() - started, stop };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stop();
  throw new Error(`the bare Next baseline on port ${port} did not answer`);
}
