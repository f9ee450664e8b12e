/**
 * `npm run bench:lighthouse`: Lighthouse 12 (mobile preset, the default: simulated slow 4G and a
 * 4× slower CPU) against the production build, for `/login` and for a signed-in `/chat`
 * (DESIGN.md's Lighthouse budget, issue 12).
 *
 * The app runs as `next start` in the local mode on a throwaway database, with the browser SDK of
 * Sentry switched on as in production (a fake ingest in this process takes its envelopes). One
 * person signs up through the API; Lighthouse sends their session cookie on every request.
 * Each page is audited `--runs` times (default 3) with a fresh Chromium (Debian's, never a
 * downloaded one) and the median of each figure is reported, as a loaded 2-core machine makes
 * single runs noisy.
 *
 * `--checkout <folder>` audits another checkout's build instead of this one's; `--save <folder>`
 * writes every Lighthouse report there as JSON, to see where the time goes.
 *
 * `--baseline <folder>` audits another checkout's build (a worktree of main, say) in the same run,
 * alternating run by run with this one, and adds its medians and the ratio this / baseline: compare
 * changes only against a baseline measured in the same run. Each checkout uses its existing `.next`
 * build and runs `npm run build` only when it has none (`--build` rebuilds this one): rebuild after
 * changing the code.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { type Result } from "lighthouse";
import { startFakeSentry } from "../tests/fakes/sentry";
import { startNext, type NextProcess } from "../tests/support/next-start";

const root = path.resolve(import.meta.dirname, "..");
const chromePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const chromeFlags = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"];
const categories = ["performance", "accessibility", "best-practices", "seo"] as const;
const pages = [
  { name: "/login", path: "/login", signedIn: false },
  { name: "signed-in /chat", path: "/chat", signedIn: true },
] as const;

interface Figures {
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  tbtMs: number;
  lcpMs: number;
  scriptKb: number;
}

/** Each figure: its label, its goal (as text and as a test), and whether higher is better. */
const rows: { key: keyof Figures; label: string; goal: string; meets: (value: number) => boolean }[] = [
  { key: "performance", label: "performance", goal: "≥ 90", meets: (value) => value >= 90 },
  { key: "accessibility", label: "accessibility", goal: "100", meets: (value) => value === 100 },
  { key: "bestPractices", label: "best practices", goal: "100", meets: (value) => value === 100 },
  { key: "seo", label: "SEO", goal: "100", meets: (value) => value === 100 },
  { key: "tbtMs", label: "total blocking time (ms)", goal: "", meets: () => true },
  { key: "lcpMs", label: "largest contentful paint (ms)", goal: "", meets: () => true },
  { key: "scriptKb", label: "JavaScript transferred (KB)", goal: "≤ 300 on /chat", meets: () => true },
];
const chatScriptBudgetKb = 300;

interface Target {
  label: string;
  checkout: string;
  server?: NextProcess;
  cookie?: string;
  runs: Map<string, Figures[]>;
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: "inherit" });
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} in ${cwd} exited ${code}`))));
  });
}

async function ensureBuild(checkout: string, force: boolean): Promise<void> {
  if (!force && existsSync(path.join(checkout, ".next/BUILD_ID"))) return;
  console.log(`Building ${checkout} (npm run build)…`);
  await run("npm", ["run", "build"], checkout);
}

/** Signs a new person up and returns the cookies the answer set (the session may come in chunks). */
async function signUp(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: `lighthouse-${crypto.randomUUID().slice(0, 8)}@example.com`, password: "lighthouse-password-123" }),
  });
  if (response.status !== 201) throw new Error(`signup answered ${response.status}: ${await response.text()}`);
  const cookie = response.headers.getSetCookie().map((value) => value.split(";")[0]).join("; ");
  if (!cookie) throw new Error("signup set no cookie");
  return cookie;
}

function scriptTransferKb(lhr: Result): number {
  const items = (lhr.audits["resource-summary"]?.details as { items?: { resourceType: string; transferSize: number }[] } | undefined)?.items ?? [];
  return (items.find((item) => item.resourceType === "script")?.transferSize ?? 0) / 1024;
}

function figuresOf(lhr: Result): Figures {
  const score = (id: (typeof categories)[number]) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  return {
    performance: score("performance"),
    accessibility: score("accessibility"),
    bestPractices: score("best-practices"),
    seo: score("seo"),
    tbtMs: lhr.audits["total-blocking-time"]?.numericValue ?? Number.NaN,
    lcpMs: lhr.audits["largest-contentful-paint"]?.numericValue ?? Number.NaN,
    scriptKb: scriptTransferKb(lhr),
  };
}

/** Failed audits of the categories that must stay at 100, so a lost point says where it went. */
function failedAudits(lhr: Result): string[] {
  return categories
    .filter((id) => id !== "performance")
    .flatMap((id) => lhr.categories[id]?.auditRefs ?? [])
    .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
    .map((ref) => ref.id);
}

/** Lighthouse sometimes loses the trace on a loaded machine (NO_NAVSTART and the like): such a run is run again. */
async function audit(url: string, cookie: string | undefined, attempts = 3): Promise<Result> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await auditOnce(url, cookie);
    } catch (error) {
      if (attempt >= attempts) throw error;
      console.log(`  ${url}: ${(error as Error).message}; running it again`);
    }
  }
}

async function auditOnce(url: string, cookie: string | undefined): Promise<Result> {
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: [...categories],
      extraHeaders: cookie ? { Cookie: cookie } : undefined,
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    if (result.lhr.runtimeError) throw new Error(`Lighthouse: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`);
    return result.lhr;
  } finally {
    chrome.kill();
  }
}

function saveReport(folder: string, name: string, lhr: Result): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, `${name.replaceAll(/[^\w-]+/g, "-")}.json`), JSON.stringify(lhr));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function format(key: keyof Figures, value: number): string {
  return key === "tbtMs" || key === "lcpMs" ? value.toFixed(0) : key === "scriptKb" ? value.toFixed(1) : String(value);
}

function printTable(targets: Target[], runCount: number): boolean {
  const [current, baseline] = targets;
  let allMet = true;
  const header = ["page", "figure", "goal", `${current!.label} (median of ${runCount})`, "each run"];
  if (baseline) header.push(`${baseline.label} (median)`, "ratio this / baseline");
  const lines = [header, header.map(() => "---")];
  for (const page of pages) {
    for (const row of rows) {
      const values = current!.runs.get(page.name)!.map((figures) => figures[row.key]);
      const value = median(values);
      const meets = row.key === "scriptKb" && page.signedIn ? value <= chatScriptBudgetKb : row.meets(value);
      allMet &&= meets;
      const goal = row.key === "scriptKb" ? (page.signedIn ? `≤ ${chatScriptBudgetKb}` : "") : row.goal;
      const line = [page.name, row.label, goal, `${format(row.key, value)}${goal && !meets ? " ✗" : ""}`, values.map((v) => format(row.key, v)).join(", ")];
      if (baseline) {
        const baselineValue = median(baseline.runs.get(page.name)!.map((figures) => figures[row.key]));
        line.push(format(row.key, baselineValue), baselineValue ? (value / baselineValue).toFixed(2) : "–");
      }
      lines.push(line);
    }
  }
  console.log(lines.map((cells) => `| ${cells.join(" | ")} |`).join("\n"));
  return allMet;
}

async function main() {
  const { values: options } = parseArgs({
    options: {
      runs: { type: "string", default: "3" },
      checkout: { type: "string" },
      baseline: { type: "string" },
      build: { type: "boolean", default: false },
      save: { type: "string" },
    },
  });
  const runCount = Number(options.runs);
  if (!Number.isInteger(runCount) || runCount < 1) throw new Error("--runs takes a whole number ≥ 1");
  const checkout = options.checkout ? path.resolve(options.checkout) : root;
  const targets: Target[] = [{ label: checkout === root ? "this checkout" : path.basename(checkout), checkout, runs: new Map() }];
  if (options.baseline) targets.push({ label: "baseline", checkout: path.resolve(options.baseline), runs: new Map() });

  for (const [index, target] of targets.entries()) await ensureBuild(target.checkout, options.build && index === 0);
  const sentry = await startFakeSentry();
  const dataRoot = mkdtempSync(path.join(os.tmpdir(), "mneme-lighthouse-"));
  try {
    for (const [index, target] of targets.entries()) {
      target.server = await startNext(
        { PGLITE_DATA_DIR: path.join(dataRoot, `pglite-${index}`), SENTRY_DSN: sentry.dsn(), OPENAI_API_KEY: "", OPENAI_BASE_URL: "" },
        { checkout: target.checkout },
      );
      target.cookie = await signUp(target.server.baseUrl);
      for (const page of pages) {
        target.runs.set(page.name, []);
        // One request first, so no run pays for the server's first render of the page.
        await fetch(`${target.server.baseUrl}${page.path}`, { headers: page.signedIn ? { cookie: target.cookie } : {} });
      }
    }
    console.log(`node ${process.version}, ${chromePath}, Lighthouse 12 mobile preset, ${runCount} run(s) per page and checkout`);
    for (let round = 1; round <= runCount; round++) {
      for (const page of pages) {
        for (const target of targets) {
          const lhr = await audit(`${target.server!.baseUrl}${page.path}`, page.signedIn ? target.cookie : undefined);
          if (options.save) saveReport(options.save, `${target.label}-${page.path.slice(1)}-${round}`, lhr);
          const figures = figuresOf(lhr);
          target.runs.get(page.name)!.push(figures);
          const failed = failedAudits(lhr);
          console.log(
            `run ${round} ${target.label} ${page.name}: performance ${figures.performance}, TBT ${figures.tbtMs.toFixed(0)} ms, ` +
              `LCP ${figures.lcpMs.toFixed(0)} ms, JS ${figures.scriptKb.toFixed(1)} KB${failed.length ? `; failed: ${failed.join(", ")}` : ""}`,
          );
        }
      }
    }
    const allMet = printTable(targets, runCount);
    console.log(allMet ? "Every goal met." : "Some goals not met (✗).");
  } finally {
    for (const target of targets) await target.server?.stop();
    await sentry.close();
    rmSync(dataRoot, { recursive: true, force: true });
  }
}

await main();
