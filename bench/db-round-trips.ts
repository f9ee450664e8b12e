/**
 * `npm run bench:db`: what each kind of request costs the database in the Supabase mode, where
 * every wait for the database is a network hop from the Vercel function to Supabase (about 1 ms in
 * one region, tens of milliseconds across regions). The app runs in this process on the production
 * build, against the fresh-project fixture behind tests/support/db-proxy.ts, which counts:
 *
 * - statements: Parse (P) and simple Query (Q) messages the app sent;
 * - round trips: flights, bursts of client messages that the server then answered (statements
 *   pipelined together and answered together count once);
 * - and, as a cross-check, the latency each request adds at 1 ms one-way delay (2 ms a round
 *   trip) over 0 ms, divided by 2 ms.
 *
 * The ms are also given as a multiple of the bare Next route handler's (bench/support/baseline.ts,
 * started in the same run and timed the same way): the counts do not depend on the machine, the
 * ms do, and the ratio survives a noisy one.
 *
 * Each figure is the median over BENCH_RUNS runs (default 7); BENCH_SHOW_STATEMENTS=1 also prints
 * what each request sent. Run `npm run build` first.
 */
import "../scripts/load-env";
import { startAppServer } from "../tests/support/app-server";
import { startDbProxy, type DbProxy } from "../tests/support/db-proxy";
import { startSupabaseStack } from "../tests/support/supabase-stack";
import { startBaseline } from "./support/baseline";
import { formatTimes, printTable } from "./support/report";

const runs = Number(process.env.BENCH_RUNS ?? 7);

// DESIGN.md's budget for the Supabase mode: database round trips per request.
const budgets: Record<string, string> = {
  "GET /api/chats": "1",
  "GET /api/chats/:id": "1",
  "GET /api/health": "1",
  "PATCH /api/chats/:id": "1",
  "signed-in page /chat/:id": "≤ 2",
  "POST /api/chat, before its first delta": "≤ 3",
  "POST /api/chat, settling after its last delta": "≤ 2",
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

interface Sample {
  statements: number;
  /** What was sent, for `BENCH_SHOW_STATEMENTS=1`. */
  texts: string[];
  flights: number;
  ms: number;
}

function snapshot(proxy: DbProxy, started: number): Sample {
  const { P = 0, Q = 0 } = proxy.counts.messages;
  return { statements: P + Q, texts: [...proxy.counts.statements], flights: proxy.counts.flights, ms: performance.now() - started };
}

function showStatements(name: string, sample: Sample) {
  if (process.env.BENCH_SHOW_STATEMENTS !== "1") return;
  console.log(`\n${name}: ${sample.flights} round trips`);
  for (const text of sample.texts) console.log(`  ${text.replace(/\s+/g, " ").slice(0, 110)}`);
}

// The app's own background flushes (request figures every 5 s) must not land in a measurement.
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

const bareRouteName = "bare Next route handler (GET /api/ping)";

async function main() {
  const baseline = await startBaseline();
  const stack = await startSupabaseStack();
  const proxy = await startDbProxy(stack.env.DATABASE_URL);
  Object.assign(process.env, {
    ...stack.env,
    DATABASE_URL: proxy.url,
    LOG_LEVEL: "silent",
    // Words apart enough that the last delta and `done` arrive on their own.
    OFFLINE_WORD_DELAY_MS: "5",
    RATE_LIMIT_API_PER_MINUTE: "100000",
    RATE_LIMIT_CHAT_PER_MINUTE: "100000",
    RATE_LIMIT_SIGNUPS_PER_HOUR: "100000",
  });
  const app = await startAppServer();
  const url = (path: string) => `${app.baseUrl}${path}`;

  const signup = await fetch(url("/api/auth/signup"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: `bench-${Date.now()}@example.com`, password: "bench-password-123" }),
  });
  const cookie = signup.headers.getSetCookie().map((value) => value.split(";")[0]).join("; ");
  const { accessToken } = (await signup.json()) as { accessToken: string };
  const auth = { authorization: `Bearer ${accessToken}` };
  const chat = (await (await fetch(url("/api/chats"), { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: "{}" })).json()) as {
    chat: { id: string };
  };
  const chatId = chat.chat.id;

  /** Counts from the request's start to `until` resolving. */
  async function measure(send: () => Promise<void>): Promise<Sample> {
    await settle();
    proxy.resetCounts();
    const started = performance.now();
    await send();
    return snapshot(proxy, started);
  }

  const simple = (path: string, init: RequestInit = {}) => async () => {
    const response = await fetch(url(path), init);
    await response.arrayBuffer();
    if (response.status >= 400) throw new Error(`${init.method ?? "GET"} ${path}: ${response.status}`);
  };

  /** A chat turn: the counts at its first delta, and those from its last delta until its reply is settled. */
  async function chatTurn(): Promise<{ beforeFirstDelta: Sample; settling: Sample }> {
    await settle();
    proxy.resetCounts();
    const started = performance.now();
    const response = await fetch(url("/api/chat"), {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ chatId, message: "How many round trips does this take?" }),
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    let beforeFirstDelta: Sample | undefined;
    let atLastDelta: Sample | undefined;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const chunk = decoder.decode(value, { stream: true });
      text += chunk;
      // The reply is settled (stored, its charge closed) between its last delta and `done`.
      if (chunk.includes("event: delta") && !chunk.includes("event: done")) atLastDelta = snapshot(proxy, started);
      if (!beforeFirstDelta && text.includes("event: delta")) beforeFirstDelta = snapshot(proxy, started);
    }
    if (!beforeFirstDelta || !atLastDelta) throw new Error(`the chat turn sent no delta on its own: ${text.slice(0, 300)}`);
    const atEnd = atLastDelta;
    // Then wait until nothing more reaches the database.
    let last = -1;
    while (proxy.counts.flights !== last) {
      last = proxy.counts.flights;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const settled = snapshot(proxy, started);
    return {
      beforeFirstDelta,
      settling: { statements: settled.statements - atEnd.statements, texts: settled.texts.slice(atEnd.texts.length), flights: settled.flights - atEnd.flights, ms: 0 },
    };
  }

  const bareRoute = async () => {
    const response = await fetch(baseline.routeUrl);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${baseline.routeUrl}: ${response.status}`);
  };
  const requests: [string, () => Promise<void>][] = [
    [bareRouteName, bareRoute],
    ["GET /api/chats", simple("/api/chats", { headers: auth })],
    ["GET /api/chats/:id", simple(`/api/chats/${chatId}`, { headers: auth })],
    ["GET /api/health", simple("/api/health")],
    ["PATCH /api/chats/:id", simple(`/api/chats/${chatId}`, { method: "PATCH", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ title: "Counted" }) })],
    ["signed-in page /chat/:id", simple(`/chat/${chatId}`, { headers: { cookie } })],
  ];

  const rows: { name: string; statements: number; flights: number; at0: number; at1: number }[] = [];
  for (const [name, send] of requests) {
    const samples: Record<0 | 1, Sample[]> = { 0: [], 1: [] };
    for (const delay of [0, 1] as const) {
      proxy.delay(delay);
      await measure(send); // warm-up: compiled route, open connections
      for (let run = 0; run < runs; run++) samples[delay].push(await measure(send));
    }
    proxy.delay(0);
    showStatements(name, samples[0].at(-1)!);
    rows.push({
      name,
      statements: median(samples[0].map((sample) => sample.statements)),
      flights: median(samples[0].map((sample) => sample.flights)),
      at0: median(samples[0].map((sample) => sample.ms)),
      at1: median(samples[1].map((sample) => sample.ms)),
    });
  }

  const turns: Record<0 | 1, Awaited<ReturnType<typeof chatTurn>>[]> = { 0: [], 1: [] };
  for (const delay of [0, 1] as const) {
    proxy.delay(delay);
    await chatTurn();
    for (let run = 0; run < runs; run++) turns[delay].push(await chatTurn());
  }
  proxy.delay(0);
  showStatements("POST /api/chat, before its first delta", turns[0].at(-1)!.beforeFirstDelta);
  showStatements("POST /api/chat, settling after its last delta", turns[0].at(-1)!.settling);
  const firstDelta = (delay: 0 | 1) => turns[delay].map((turn) => turn.beforeFirstDelta);
  rows.push({
    name: "POST /api/chat, before its first delta",
    statements: median(firstDelta(0).map((sample) => sample.statements)),
    flights: median(firstDelta(0).map((sample) => sample.flights)),
    at0: median(firstDelta(0).map((sample) => sample.ms)),
    at1: median(firstDelta(1).map((sample) => sample.ms)),
  });
  rows.push({
    name: "POST /api/chat, settling after its last delta",
    statements: median(turns[0].map((turn) => turn.settling.statements)),
    flights: median(turns[0].map((turn) => turn.settling.flights)),
    at0: Number.NaN,
    at1: Number.NaN,
  });

  console.log(`\nDatabase round trips per request, Supabase mode (median of ${runs} runs)\n`);
  const bare = rows.find((row) => row.name === bareRouteName)!;
  printTable(
    ["request", ...["statements", "round trips"].map((header) => ({ header, align: "right" as const })), "budget", ...["ms at 0 ms", "ms at 1 ms", "(Δ ÷ 2 ms)", "ms at 0 ms ÷ bare"].map((header) => ({ header, align: "right" as const }))],
    rows.map((row) => [
      row.name,
      String(row.statements),
      String(row.flights),
      budgets[row.name] ?? "",
      Number.isNaN(row.at0) ? "" : row.at0.toFixed(1),
      Number.isNaN(row.at1) ? "" : row.at1.toFixed(1),
      Number.isNaN(row.at0) ? "" : ((row.at1 - row.at0) / 2).toFixed(1),
      Number.isNaN(row.at0) || row === bare ? "" : formatTimes(row.at0 / bare.at0),
    ]),
  );
  console.log(`\nms ÷ bare: the request's time at 0 ms delay as a multiple of the bare route's (${bare.at0.toFixed(1)} ms), each the median of ${runs} requests in this run.`);

  await app.close();
  const { closeDb } = await import("../lib/db/client");
  await closeDb();
  await proxy.close();
  await stack.close();
  await baseline.stop();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
