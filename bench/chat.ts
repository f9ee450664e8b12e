/**
 * `npm run bench:chat`: the latency the server adds before the first token of a reply reaches the
 * client (DESIGN.md, "Performance budgets").
 *
 * A fake OpenAI upstream (tests/fakes/openai.ts) sends a reply's tokens 20 ms apart. Time to first
 * token (TTFT) is measured two ways in the same run, alternating:
 *   - upstream: POST <fake>/v1/chat/completions, as the OpenAI SDK sends it, until the first chunk
 *     with content;
 *   - app: POST /api/chat on `next start` (the production build) until the first `event: delta`.
 * Both use the same keep-alive HTTP client and read every stream to its end, as a browser does.
 * "Added" is app minus upstream, per percentile (requests cannot be paired one to one); the ratio
 * is app / upstream. Scenarios:
 *   - 1 stream: one request at a time;
 *   - 20 concurrent streams: 20 clients (one user each), each starting its next stream as soon as
 *     its last one ends; streams last ~0.6 s, so ~30 start per second, far more than 20 people
 *     reading multi-second replies would start: a conservative load;
 *   - 20 simultaneous starts: rounds of 20 requests sent at the same instant, the worst case.
 *
 * Users keep the default settings, so memory recall runs before each reply; embeddings use the
 * in-process offline-hash model (EMBEDDINGS_MODEL), as the fake serves no embeddings endpoint, so
 * no embedding request to OpenAI is timed here. The background embedding worker runs as usual.
 *
 * The baseline: the bare Next route handler of bench/fixtures/bare-next (bench/support/baseline.ts),
 * started in the same run and loaded at the scenario's concurrency (1 connection; 20 connections
 * for both 20-stream scenarios) over keep-alive connections. "added ÷ bare" is the time the server
 * adds before the first token as a multiple of a whole bare Next request's response time at that
 * concurrency: the figure that survives a noisy machine, where the milliseconds do not.
 *
 * The app runs on a throwaway database and is stopped (SIGTERM) at the end, even on error. It
 * uses the existing `.next` build and runs `npm run build` only when there is none: rebuild after
 * changing the code. The fake upstream and the clients share this process, and on a 2-core machine
 * they compete with the server for CPU: expect run-to-run noise, more so if other work is running.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { startFakeOpenAI } from "../tests/fakes/openai";
import { freePort } from "../tests/support/next-start";
import { startBaseline, type Baseline } from "./support/baseline";
import { measureLoad, type LoadResult } from "./support/load";
import { describeMachine, formatMs, formatTimes, passOrFail, percentile, printTable } from "./support/report";

const root = path.resolve(import.meta.dirname, "..");
const tokenDelayMs = 20;
const reply = (count: number) => Array.from({ length: count }, (_, i) => (i === 0 ? "Token" : ` t${i}`));
const concurrency = 20;
const samples = { oneStream: 200, concurrentRounds: 4, perClientPerRound: 5, burstRounds: 10 };
const tokensPer = { oneStream: 2, concurrent: 30, burst: 2 };
const budgets = { oneStreamAddedP50: 5, concurrentAddedP99: 30 };

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

interface SseEvent {
  event?: string;
  data: string;
}

/**
 * Sends a request and reads its event stream to the end; resolves with the milliseconds from
 * sending until the first event `isToken` accepts.
 */
function timeToFirstToken(url: string, headers: Record<string, string>, body: unknown, isToken: (event: SseEvent) => boolean, isRetry = false): Promise<number> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstToken: number | undefined;
    const request = http.request(
      url,
      { method: "POST", agent, headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(payload) } },
      (response) => {
        response.setEncoding("utf8");
        let buffer = "";
        let text = "";
        response.on("data", (chunk: string) => {
          if (response.statusCode !== 200) return void (text += chunk);
          if (firstToken !== undefined) return;
          buffer += chunk;
          let end: number;
          while (firstToken === undefined && (end = buffer.indexOf("\n\n")) !== -1) {
            const event: SseEvent = { data: "" };
            for (const line of buffer.slice(0, end).split("\n")) {
              if (line.startsWith("event: ")) event.event = line.slice(7);
              else if (line.startsWith("data: ")) event.data += line.slice(6);
            }
            buffer = buffer.slice(end + 2);
            if (isToken(event)) firstToken = performance.now() - started;
          }
        });
        response.on("end", () => {
          if (response.statusCode !== 200) reject(new Error(`${url} answered ${response.statusCode}: ${text.slice(0, 300)}`));
          else if (firstToken === undefined) reject(new Error(`${url} ended without a token`));
          else resolve(firstToken);
        });
        response.on("error", reject);
      },
    );
    request.on("error", (error: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed after its idle timeout (5 s, outlasted between phases
      // on a loaded machine) just as it was reused: Node's documented race; the request never ran, so send it again.
      if (!isRetry && request.reusedSocket && error.code === "ECONNRESET") resolve(timeToFirstToken(url, headers, body, isToken, true));
      else reject(error);
    });
    request.end(payload);
  });
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });
}

interface App {
  baseUrl: string;
  child: ChildProcess;
  started: number;
  output: () => string;
}

async function spawnApp(env: Record<string, string>): Promise<App> {
  const port = await freePort();
  const nextBin = path.join(root, "node_modules/next/dist/bin/next");
  const started = performance.now();
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXT_MANUAL_SIG_HANDLE: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let tail = "";
  const keep = (chunk: Buffer) => void (tail = (tail + chunk.toString()).slice(-4000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  return { baseUrl: `http://127.0.0.1:${port}`, child, started, output: () => tail };
}

/** Resolves with the milliseconds from spawn until `/api/health` answered 200. */
async function untilHealthy(app: App): Promise<number> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (app.child.exitCode !== null) throw new Error(`next start exited with ${app.child.exitCode}`);
    const status = await fetch(`${app.baseUrl}/api/health`).then((response) => response.status, () => 0);
    if (status === 200) return performance.now() - app.started;
    if (Date.now() > deadline) throw new Error(`/api/health did not answer 200 within 60 s (last: ${status})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM"); // the app closes its database on SIGTERM
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

async function main() {
  if (!existsSync(path.join(root, ".next/BUILD_ID"))) {
    console.log("No production build in .next: running npm run build first.");
    await run("npm", ["run", "build"]);
  }
  const buildId = readFileSync(path.join(root, ".next/BUILD_ID"), "utf8").trim();

  // Built (once) and started first, so its build does not land in the app's figures.
  const baseline: Baseline = await startBaseline();
  const bareAt = (connections: number): Promise<LoadResult> => measureLoad({ url: baseline.routeUrl }, { connections, seconds: 4, rounds: 1, warmupSeconds: 1 });
  const fake = await startFakeOpenAI({ tokens: reply(tokensPer.oneStream), tokenDelayMs });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "mneme-bench-"));
  let app: App | undefined;
  // Last resort when a signal ends this process before the finally below runs.
  process.once("exit", () => {
    app?.child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });
  const onSignal = () => process.exit(130);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    app = await spawnApp({
      PGLITE_DATA_DIR: path.join(dataDir, "pglite"),
      OPENAI_API_KEY: "sk-bench",
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_MODELS: "",
      EMBEDDINGS_MODEL: "offline-hash",
      LOG_LEVEL: "silent",
      AUTH_SECRET: randomBytes(32).toString("hex"),
      // Metering stays on (its cost is part of what the server adds), with limits the load never reaches.
      RATE_LIMIT_CHAT_PER_MINUTE: "1000000",
      RATE_LIMIT_API_PER_MINUTE: "1000000",
      RATE_LIMIT_SIGNUPS_PER_HOUR: "1000000",
      PLAN_FREE_MONTHLY_REQUESTS: "100000000",
      PLAN_FREE_MONTHLY_BUDGET_USD: "1000000",
    });
    const startupMs = await untilHealthy(app);
    const { baseUrl } = app;

    // One user per concurrent client (the sign-up limit is raised above).
    const tokensByClient: string[] = [];
    for (let i = 0; i < concurrency; i++) {
      const email = `bench-${i}-${randomBytes(4).toString("hex")}@example.com`;
      const session = await postJson(`${baseUrl}/api/auth/signup`, { email, password: randomBytes(12).toString("hex") });
      tokensByClient.push(session.accessToken as string);
    }

    const message = "How fast is the first token?";
    const upstream = () =>
      timeToFirstToken(
        `${fake.baseURL}/chat/completions`,
        { authorization: "Bearer sk-bench" },
        {
          model: "gpt-4.1-mini",
          messages: [{ role: "user", content: message }],
          max_completion_tokens: 1024,
          stream: true,
          stream_options: { include_usage: true },
        },
        (event) => {
          if (event.data === "" || event.data === "[DONE]") return false;
          const chunk = JSON.parse(event.data) as { choices: { delta?: { content?: string } }[] };
          return Boolean(chunk.choices[0]?.delta?.content);
        },
      );
    const throughApp = (client: number) =>
      timeToFirstToken(`${baseUrl}/api/chat`, { authorization: `Bearer ${tokensByClient[client]}` }, { message }, (event) => event.event === "delta");

    /** `concurrency` clients, each sending `perClient` requests back to back, starting spread out. */
    const concurrently = async (send: (client: number) => Promise<number>, perClient: number) => {
      const spreadMs = tokensPer.concurrent * tokenDelayMs;
      const clients = Array.from({ length: concurrency }, async (_, client) => {
        await new Promise((resolve) => setTimeout(resolve, (client / concurrency) * spreadMs));
        const times: number[] = [];
        for (let i = 0; i < perClient; i++) times.push(await send(client));
        return times;
      });
      return (await Promise.all(clients)).flat();
    };
    const allAtOnce = async (send: (client: number) => Promise<number>) =>
      Promise.all(Array.from({ length: concurrency }, (_, client) => send(client)));

    const one = { upstream: [] as number[], app: [] as number[] };
    const steady = { upstream: [] as number[], app: [] as number[] };
    const burst = { upstream: [] as number[], app: [] as number[] };

    process.stdout.write("warming up… ");
    fake.behavior.tokens = reply(tokensPer.oneStream);
    for (let i = 0; i < 30; i++) {
      await upstream();
      await throughApp(0);
    }
    await allAtOnce(upstream);
    await allAtOnce(throughApp);

    process.stdout.write("1 stream… ");
    for (let i = 0; i < samples.oneStream; i++) {
      one.upstream.push(await upstream());
      one.app.push(await throughApp(0));
    }

    process.stdout.write(`${concurrency} concurrent streams… `);
    fake.behavior.tokens = reply(tokensPer.concurrent);
    for (let round = 0; round < samples.concurrentRounds; round++) {
      steady.upstream.push(...(await concurrently(upstream, samples.perClientPerRound)));
      steady.app.push(...(await concurrently(throughApp, samples.perClientPerRound)));
    }

    process.stdout.write(`${concurrency} simultaneous starts… `);
    fake.behavior.tokens = reply(tokensPer.burst);
    for (let round = 0; round < samples.burstRounds; round++) {
      burst.upstream.push(...(await allAtOnce(upstream)));
      burst.app.push(...(await allAtOnce(throughApp)));
    }
    // Last: a pause longer than the server's keep-alive timeout (5 s) between the app's streams
    // would have the agent reuse a socket the server is closing.
    process.stdout.write("bare route… ");
    const bareOne = await bareAt(1);
    const bareConcurrent = await bareAt(concurrency);
    console.log("done.\n");

    console.log(describeMachine());
    console.log(`next build ${buildId}, next start → /api/health 200 in ${startupMs.toFixed(0)} ms (new database: initdb and migrations)`);
    console.log(`fake upstream: tokens ${tokenDelayMs} ms apart, the first ${tokenDelayMs} ms after the request; memory recall on, offline-hash embeddings\n`);

    const p99Budget = { budget: `added p99 ≤ ${budgets.concurrentAddedP99} ms`, pick: "p99" as const, limit: budgets.concurrentAddedP99 };
    const rows = [
      { scenario: "1 stream", data: one, bare: bareOne, budget: `added p50 ≤ ${budgets.oneStreamAddedP50} ms`, pick: "p50" as const, limit: budgets.oneStreamAddedP50 },
      { scenario: `${concurrency} concurrent streams`, data: steady, bare: bareConcurrent, ...p99Budget },
      { scenario: `${concurrency} simultaneous starts`, data: burst, bare: bareConcurrent, ...p99Budget },
    ];
    const right = (header: string) => ({ header, align: "right" as const });
    printTable(
      [
        "scenario",
        right("samples"),
        right("upstream p50"),
        right("upstream p99"),
        right("app p50"),
        right("app p99"),
        right("added p50"),
        right("added p99"),
        right("app/upstream p50"),
        right("app/upstream p99"),
        right("bare route p50"),
        right("bare route p99"),
        right("added ÷ bare p50"),
        right("added ÷ bare p99"),
        "budget",
        "result",
      ],
      rows.map((row) => {
        const base = summarize(row.data.upstream);
        const through = summarize(row.data.app);
        const added = { p50: through.p50 - base.p50, p99: through.p99 - base.p99 };
        return [
          row.scenario,
          String(through.n),
          formatMs(base.p50),
          formatMs(base.p99),
          formatMs(through.p50),
          formatMs(through.p99),
          formatMs(added.p50),
          formatMs(added.p99),
          formatTimes(through.p50 / base.p50),
          formatTimes(through.p99 / base.p99),
          formatMs(row.bare.p50, 2),
          formatMs(row.bare.p99, 2),
          formatTimes(added.p50 / row.bare.p50),
          formatTimes(added.p99 / row.bare.p99),
          row.budget,
          passOrFail(added[row.pick] <= row.limit),
        ];
      }),
    );
    console.log("\nTimes in ms, time to first token. samples: per path (upstream and app each).");
    console.log(
      `bare route: GET /api/ping of the bare Next app, ${bareOne.requests} requests over 1 connection and ${bareConcurrent.requests} over ${concurrency} ` +
        `(the peer of both ${concurrency}-stream scenarios); added ÷ bare: the time the server adds before the first token, in bare Next requests' response times at the same concurrency.`,
    );
  } catch (error) {
    if (app) console.error(`server output (tail):\n${app.output()}`);
    throw error;
  } finally {
    agent.destroy();
    if (app) await stopApp(app.child);
    await baseline.stop();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
