/**
 * `npm run bench:http`: the product's HTTP figures as shares of a bare Next app's, measured side by
 * side in one run (DESIGN.md, "Performance budgets"; issue 12):
 *
 * - authenticated `GET /api/chats` (auth, the user's transaction, limiter and counter): requests
 *   per second as a share of the bare route handler's, and its own p99;
 * - `GET /api/health`: requests per second as a share of the bare route handler's;
 * - the signed-in `/chat` page: renders per second as a share of the bare page's.
 *
 * Both apps are production builds started with `next start`: the product on a throwaway data
 * directory in the local mode (embedded PGlite), the bare app from bench/fixtures/bare-next (built
 * once by bench/support/baseline.ts). Every request goes over CONNECTIONS keep-alive connections
 * (autocannon, in this process). Targets take turns in rounds, so a change in the machine's load
 * falls on both sides of a ratio alike; the ratio is what to compare between runs, not the ms.
 *
 * The per-minute limits are raised out of reach (RATE_LIMIT_API_PER_MINUTE and
 * RATE_LIMIT_CHAT_PER_MINUTE at 1,000,000): metering still runs, with its full cost, but never
 * answers 429. It measures the existing `.next` build: run `npm run build` after changing the code.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startNext, type NextProcess } from "../tests/support/next-start";
import { startBaseline, type Baseline } from "./support/baseline";
import { compareLoad, type LoadResult, type LoadTarget } from "./support/load";
import { describeMachine, formatMs, formatPercent, passOrFail, printTable } from "./support/report";

const root = path.resolve(import.meta.dirname, "..");
const connections = 10;
const seconds = Number(process.env.BENCH_SECONDS ?? 9);
const rounds = 3;
const warmupSeconds = 2;
const seededChats = 5;

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const response = await fetch(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${await response.text()}`);
  return response;
}

/** A signed-up user with a few chats: the session cookie, as the browser sends it. */
async function signUpWithChats(baseUrl: string): Promise<string> {
  const email = `bench-http-${randomBytes(4).toString("hex")}@example.com`;
  const signup = await postJson(`${baseUrl}/api/auth/signup`, { email, password: randomBytes(12).toString("hex") });
  const cookie = signup.headers
    .getSetCookie()
    .map((value) => value.split(";")[0])
    .join("; ");
  const { accessToken } = (await signup.json()) as { accessToken: string };
  for (let index = 1; index <= seededChats; index++) {
    await postJson(`${baseUrl}/api/chats`, { title: `Seeded chat ${index}` }, { authorization: `Bearer ${accessToken}` });
  }
  return cookie;
}

/** Each target answers 200 before it is loaded: a redirect or an error would be measured as fast. */
async function assertAnswers(targets: Record<string, LoadTarget>): Promise<void> {
  for (const [name, target] of Object.entries(targets)) {
    const response = await fetch(target.url, { headers: target.headers, redirect: "manual" });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${name} (${target.url}) answered ${response.status}, not 200`);
  }
}

interface Figure {
  figure: string;
  app: LoadResult;
  bare: LoadResult;
  bareName: string;
  goal: string;
  holds: boolean;
}

function describeBuild(): string {
  const buildIdFile = path.join(root, ".next/BUILD_ID");
  const minutesOld = (Date.now() - statSync(buildIdFile).mtimeMs) / 60_000;
  return `next build ${readFileSync(buildIdFile, "utf8").trim()}, built ${minutesOld.toFixed(0)} min ago`;
}

async function main() {
  if (!existsSync(path.join(root, ".next/BUILD_ID"))) {
    console.error("No production build in .next: run `npm run build` first (this bench measures `next start` on it).");
    process.exitCode = 1;
    return;
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "mneme-bench-http-"));
  let app: NextProcess | undefined;
  let baseline: Baseline | undefined;
  try {
    baseline = await startBaseline();
    app = await startNext({
      PGLITE_DATA_DIR: path.join(dataDir, "pglite"),
      AUTH_SECRET: randomBytes(32).toString("hex"),
      RATE_LIMIT_API_PER_MINUTE: "1000000",
      RATE_LIMIT_CHAT_PER_MINUTE: "1000000",
    });
    const cookie = await signUpWithChats(app.baseUrl);

    const routes = {
      bare: { url: baseline.routeUrl },
      chats: { url: `${app.baseUrl}/api/chats`, headers: { cookie } },
      health: { url: `${app.baseUrl}/api/health` },
    } satisfies Record<string, LoadTarget>;
    const pages = {
      bare: { url: baseline.pageUrl },
      chat: { url: `${app.baseUrl}/chat`, headers: { cookie } },
    } satisfies Record<string, LoadTarget>;
    await assertAnswers({ ...routes, barePage: pages.bare, chatPage: pages.chat });

    const options = { connections, seconds, rounds, warmupSeconds };
    process.stdout.write(`route handlers, ${connections} connections… `);
    const routeResults = await compareLoad(routes, options);
    process.stdout.write("pages… ");
    const pageResults = await compareLoad(pages, options);
    console.log("done.\n");

    const share = (result: LoadResult, bare: LoadResult) => result.requestsPerSecond / bare.requestsPerSecond;
    const figures: Figure[] = [
      {
        figure: "authenticated GET /api/chats",
        app: routeResults.chats,
        bare: routeResults.bare,
        bareName: "GET /api/ping",
        goal: "≥ 40 %, p99 ≤ 25 ms",
        holds: share(routeResults.chats, routeResults.bare) >= 0.4 && routeResults.chats.p99 <= 25,
      },
      {
        figure: "GET /api/health",
        app: routeResults.health,
        bare: routeResults.bare,
        bareName: "GET /api/ping",
        goal: "≥ 80 %",
        holds: share(routeResults.health, routeResults.bare) >= 0.8,
      },
      {
        figure: "signed-in /chat page",
        app: pageResults.chat,
        bare: pageResults.bare,
        bareName: "GET / (page)",
        goal: "≥ 12 %",
        holds: share(pageResults.chat, pageResults.bare) >= 0.12,
      },
    ];

    console.log(describeMachine());
    console.log(`${describeBuild()}; local mode, new data directory, ${seededChats} chats seeded; bare app started in ${baseline.startupMs.toFixed(0)} ms`);
    console.log(`${connections} connections, ${seconds} s per target in ${rounds} alternating rounds, after ${warmupSeconds} s of warm-up each\n`);
    printTable(
      [
        "figure",
        { header: "app req/s", align: "right" },
        { header: "app p50 ms", align: "right" },
        { header: "app p99 ms", align: "right" },
        "bare peer",
        { header: "bare req/s", align: "right" },
        { header: "bare p50 ms", align: "right" },
        { header: "bare p99 ms", align: "right" },
        { header: "app ÷ bare req/s", align: "right" },
        "goal",
        "result",
        { header: "failed", align: "right" },
      ],
      figures.map(({ figure, app, bare, bareName, goal, holds }) => [
        figure,
        app.requestsPerSecond.toFixed(0),
        formatMs(app.p50),
        formatMs(app.p99),
        bareName,
        bare.requestsPerSecond.toFixed(0),
        formatMs(bare.p50),
        formatMs(bare.p99),
        formatPercent(share(app, bare)),
        goal,
        passOrFail(holds),
        String(app.failures + bare.failures),
      ]),
    );
    console.log("\nratio: the product's requests per second as a share of the bare peer's, both loaded alike in the same run. failed: non-2xx answers and errors, both sides.");
    console.log(
      `For scale: the bare page renders at ${formatPercent(share(pageResults.bare, routeResults.bare))} of the bare route handler's rate, ` +
        `the signed-in /chat page at ${formatPercent(share(pageResults.chat, routeResults.bare))} of it (the two groups were loaded one after the other).`,
    );
  } finally {
    await app?.stop();
    await baseline?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
