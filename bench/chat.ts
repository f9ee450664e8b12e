/**
 * `npm run bench:chat`: the latency the server adds before the first token of a reply reaches the
 * client (DESIGN.md, "Performance budgets").
 *
 * A fake OpenAI upstream (tests/fakes/openai.ts) sends a reply's tokens at a fixed pace. Time to
 * first token (TTFT) is measured two ways in the same run, alternating:
 *   - upstream: POST <fake>/v1/chat/completions, as the OpenAI SDK sends it, until the first chunk
 *     with content;
 *   - app: POST /api/chat on `next start` (the production build) until the first `event: delta`.
 * Both use the same keep-alive HTTP client and read every stream to its end, as a browser does.
 * "Added" is app minus upstream, per percentile (requests cannot be paired one to one), and the
 * ratio is app / upstream. One stream: sequential requests. 20 concurrent streams: 20 clients,
 * each sending its next request as soon as its previous stream ends.
 *
 * The app runs on a throwaway database and is stopped (SIGTERM) at the end, even on error. It
 * uses the existing `.next` build and runs `npm run build` only when there is none: rebuild after
 * changing the code. The fake upstream and the clients share this process; on a 2-core machine
 * they compete with the server for CPU, so expect a few percent of run-to-run noise.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { startFakeOpenAI } from "../tests/fakes/openai";

const root = path.resolve(import.meta.dirname, "..");
const tokenDelayMs = 20;
const tokens = ["The", " quick", " brown", " fox", " jumps"];
const sequentialSamples = 200;
const concurrency = 20;
const concurrentRounds = 4; // each round: every client sends 5 requests upstream, then 5 to the app
const requestsPerClientPerRound = 5;
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
function timeToFirstToken(url: string, headers: Record<string, string>, body: unknown, isToken: (event: SseEvent) => boolean): Promise<number> {
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
    request.on("error", reject);
    request.end(payload);
  });
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });
}

/** Starts `next start` and resolves once `/api/health` answers 200. */
async function startApp(env: Record<string, string>): Promise<{ baseUrl: string; child: ChildProcess; startupMs: number; output: () => string }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
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
  const output = () => tail;

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${tail}`);
    const status = await fetch(`${baseUrl}/api/health`).then((response) => response.status, () => 0);
    if (status === 200) return { baseUrl, child, startupMs: performance.now() - started, output };
    if (Date.now() > deadline) throw new Error(`/api/health did not answer 200 within 60 s (last: ${status}):\n${tail}`);
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

const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;

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

  const fake = await startFakeOpenAI({ tokens, tokenDelayMs });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "mneme-bench-"));
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  // Last resort when a signal ends this process before the finally below runs.
  process.once("exit", () => {
    app?.child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });
  const onSignal = () => process.exit(130);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    app = await startApp({
      PGLITE_DATA_DIR: path.join(dataDir, "pglite"),
      OPENAI_API_KEY: "sk-bench",
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_MODELS: "",
      LOG_LEVEL: "silent",
      AUTH_SECRET: randomBytes(32).toString("hex"),
    });
    const { baseUrl } = app;

    // One user per concurrent client (sign up is not rate limited).
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

    /** `concurrency` clients, each sending `perClient` requests back to back. */
    const concurrently = async (send: (client: number) => Promise<number>, perClient: number) => {
      const clients = Array.from({ length: concurrency }, async (_, client) => {
        const samples: number[] = [];
        for (let i = 0; i < perClient; i++) samples.push(await send(client));
        return samples;
      });
      return (await Promise.all(clients)).flat();
    };

    process.stdout.write("warming up… ");
    for (let i = 0; i < 30; i++) {
      await upstream();
      await throughApp(0);
    }
    await concurrently(() => upstream(), 2);
    await concurrently(throughApp, 2);

    process.stdout.write("1 stream… ");
    const one = { upstream: [] as number[], app: [] as number[] };
    for (let i = 0; i < sequentialSamples; i++) {
      one.upstream.push(await upstream());
      one.app.push(await throughApp(0));
    }

    process.stdout.write(`${concurrency} concurrent streams… `);
    const many = { upstream: [] as number[], app: [] as number[] };
    for (let round = 0; round < concurrentRounds; round++) {
      many.upstream.push(...(await concurrently(() => upstream(), requestsPerClientPerRound)));
      many.app.push(...(await concurrently(throughApp, requestsPerClientPerRound)));
    }
    console.log("done.\n");

    const cpus = os.cpus();
    console.log(`machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load average ${os.loadavg().map((load) => load.toFixed(2)).join(" ")}`);
    console.log(`node ${process.version}, next build ${buildId}, next start → /api/health 200 in ${app.startupMs.toFixed(0)} ms`);
    console.log(`fake upstream: ${tokens.length} tokens, ${tokenDelayMs} ms apart (first token ${tokenDelayMs} ms after the request)\n`);

    const ms = (value: number) => value.toFixed(1);
    const rows = [
      { scenario: "1 stream", data: one, budget: `added p50 ≤ ${budgets.oneStreamAddedP50} ms`, pick: "p50" as const, limit: budgets.oneStreamAddedP50 },
      { scenario: `${concurrency} concurrent streams`, data: many, budget: `added p99 ≤ ${budgets.concurrentAddedP99} ms`, pick: "p99" as const, limit: budgets.concurrentAddedP99 },
    ];
    console.log("| scenario | samples | upstream p50 | upstream p99 | app p50 | app p99 | added p50 | added p99 | app/upstream p50 | app/upstream p99 | budget | result |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
    for (const row of rows) {
      const base = summarize(row.data.upstream);
      const through = summarize(row.data.app);
      const added = { p50: through.p50 - base.p50, p99: through.p99 - base.p99 };
      console.log(
        `| ${row.scenario} | ${through.n} | ${ms(base.p50)} | ${ms(base.p99)} | ${ms(through.p50)} | ${ms(through.p99)} | ` +
          `${ms(added.p50)} | ${ms(added.p99)} | ${(through.p50 / base.p50).toFixed(2)}× | ${(through.p99 / base.p99).toFixed(2)}× | ` +
          `${row.budget} | ${added[row.pick] <= row.limit ? "PASS" : "FAIL"} |`,
      );
    }
    console.log("\nTimes in ms, time to first token. samples: per path (upstream and app each).");
  } catch (error) {
    if (app) console.error(`server output (tail):\n${app.output()}`);
    throw error;
  } finally {
    agent.destroy();
    if (app) await stopApp(app.child);
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
