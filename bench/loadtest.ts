/**
 * `npm run loadtest -- --url <base> --users <n> [--stages 10,20,50] [--duration 30s]`: a load test
 * an operator points at any deployment that allows it (issue 15, seed 004's plan).
 *
 * Virtual users sign up (or sign in, when the account exists), then loop: chat (the reply streamed to its
 * end), search memory, list their chats and read one, with a pause between turns. The number of
 * users ramps in stages (each stage runs `--duration`); every stage's figures are printed per
 * operation, then the whole run's are checked against the thresholds, and the process exits 1 when
 * one fails. It refuses (exit 2) a deployment whose GET /api/health does not answer
 * `loadTestsAllowed: true` (LOADTEST_ALLOWED=1 on the server), so nobody load-tests production by
 * accident.
 *
 * Accounts are `loadtest-<n>@<domain>` with one password, so a second run signs in instead of
 * signing up (sign-ups count against RATE_LIMIT_SIGNUPS_PER_HOUR per address). Each user's
 * requests count against their plan's per-minute limits: a 429 counts as an error, shown apart.
 * Plain node and fetch, no binary to download.
 */
import { randomUUID } from "node:crypto";
import { setMaxListeners } from "node:events";
import { parseArgs } from "node:util";
import { describeMachine, formatMs, formatPercent, passOrFail, percentile, printTable } from "./support/report";

const usage = `usage: npm run loadtest -- --url <base url> --users <n> [options]

  --url <url>              the deployment (it must answer loadTestsAllowed: true in GET /api/health)
  --users <n>              virtual users (the last stage), default 10
  --stages <a,b,c>         users per stage, ramping up (default: one stage of --users)
  --duration <time>        each stage's length: 30s, 2m, 1500ms (default 30s)
  --think <time>           pause between a user's turns (default 1s)
  --p95 <ms>               threshold: worst p95 of memory search, list chats and read chat, in ms (default 1000)
  --chat-first-token-p95 <ms>  threshold: p95 until a reply's first words arrive (default 3000)
  --max-error-rate <0..1>  threshold: failed share of all requests (default 0.01)
  --password <text>        the virtual users' password (default loadtest-password-123)
  --email-domain <domain>  their addresses' domain (default loadtest.mneme.test)
  --message <text>         what they ask (default: a question about a tide table)`;

const operations = ["sign in", "chat: first token", "chat: whole reply", "memory search", "list chats", "read chat"] as const;
type Operation = (typeof operations)[number];

interface Sample {
  operation: Operation;
  ms: number;
  ok: boolean;
  status: number;
}

function parseDuration(text: string, name: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!match) throw new Error(`--${name}: not a duration (${text}); write 30s, 2m or 1500ms`);
  const value = Number(match[1]);
  return Math.round(match[2] === "ms" ? value : match[2] === "m" ? value * 60_000 : value * 1000);
}

function parsePositive(text: string, name: string, { integer = true, max = Number.POSITIVE_INFINITY } = {}): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > max || (integer && !Number.isInteger(value))) throw new Error(`--${name}: not a valid number (${text})`);
  return value;
}

function readOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: "string" },
      users: { type: "string", default: "10" },
      stages: { type: "string" },
      duration: { type: "string", default: "30s" },
      think: { type: "string", default: "1s" },
      p95: { type: "string", default: "1000" },
      "chat-first-token-p95": { type: "string", default: "3000" },
      "max-error-rate": { type: "string", default: "0.01" },
      password: { type: "string", default: "loadtest-password-123" },
      "email-domain": { type: "string", default: "loadtest.mneme.test" },
      message: { type: "string", default: "When is high tide at the harbour on Sunday, and how high will it be?" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  if (!values.url) throw new Error("--url is required");
  const url = new URL(values.url);
  const users = parsePositive(values.users, "users", { max: 10_000 });
  const stages = values.stages ? values.stages.split(",").map((part) => parsePositive(part, "stages", { max: 10_000 })) : [users];
  const maxErrorRate = Number(values["max-error-rate"]);
  if (!(maxErrorRate >= 0 && maxErrorRate <= 1)) throw new Error(`--max-error-rate: a share between 0 and 1 (${values["max-error-rate"]})`);
  return {
    baseUrl: url.origin + url.pathname.replace(/\/$/, ""),
    stages,
    stageMs: parseDuration(values.duration, "duration"),
    thinkMs: parseDuration(values.think, "think"),
    p95Ms: parsePositive(values.p95, "p95", { integer: false }),
    firstTokenP95Ms: parsePositive(values["chat-first-token-p95"], "chat-first-token-p95", { integer: false }),
    maxErrorRate,
    password: values.password,
    emailDomain: values["email-domain"],
    message: values.message,
  };
}

type Options = ReturnType<typeof readOptions>;

/** Refuses unless the deployment says, in its health answer, that it may be load-tested. */
async function assertLoadTestsAllowed(baseUrl: string): Promise<void> {
  let body: unknown;
  try {
    const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(30_000) });
    body = await response.json();
  } catch (error) {
    throw new Refused(`${baseUrl}/api/health did not answer with JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof body !== "object" || body === null || (body as { loadTestsAllowed?: unknown }).loadTestsAllowed !== true) {
    throw new Refused(`${baseUrl} does not allow load tests: its GET /api/health does not answer "loadTestsAllowed": true. Set LOADTEST_ALLOWED=1 on a deployment meant for load tests (never production).`);
  }
}

class Refused extends Error {}

class Recorder {
  readonly samples: Sample[] = [];
  record(operation: Operation, started: number, status: number, ok: boolean) {
    this.samples.push({ operation, ms: performance.now() - started, ok, status });
  }
}

interface Session {
  token: string;
  chatIds: string[];
}

const json = (token: string | null, body?: unknown): RequestInit => ({
  method: body === undefined ? "GET" : "POST",
  headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
  body: body === undefined ? undefined : JSON.stringify(body),
});

/** One timed request; a network failure is a failed sample with status 0. */
async function timed(
  recorder: Recorder,
  operation: Operation,
  url: string,
  init: RequestInit,
  { expected = [] as number[] } = {},
): Promise<Response | null> {
  const started = performance.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(60_000) });
    const body = await response.arrayBuffer();
    // An expected refusal (no such account yet) is an answer, not a failure, and not a request the figures are about.
    if (!expected.includes(response.status)) recorder.record(operation, started, response.status, response.ok);
    return new Response(body, { status: response.status, headers: response.headers });
  } catch {
    recorder.record(operation, started, 0, false);
    return null;
  }
}

async function signIn(options: Options, recorder: Recorder, index: number): Promise<Session | null> {
  const credentials = { email: `loadtest-${index}@${options.emailDomain}`, password: options.password };
  // Sign-up first: a failed sign-in counts against the address's limit of failures, an existing account (409) does not.
  let response = await timed(recorder, "sign in", `${options.baseUrl}/api/auth/signup`, json(null, credentials), { expected: [409] });
  if (response?.status === 409) response = await timed(recorder, "sign in", `${options.baseUrl}/api/auth/login`, json(null, credentials));
  if (!response?.ok) return null;
  const body = (await response.json()) as { accessToken?: string };
  return body.accessToken ? { token: body.accessToken, chatIds: [] } : null;
}

/** Sends a message and reads the event stream to its end: timed to the first delta and to `done`. */
async function chat(options: Options, recorder: Recorder, session: Session): Promise<void> {
  const started = performance.now();
  const chatId = session.chatIds.length > 0 && Math.random() < 0.5 ? session.chatIds[Math.floor(Math.random() * session.chatIds.length)] : undefined;
  let status = 0;
  try {
    const response = await fetch(`${options.baseUrl}/api/chat`, {
      ...json(session.token, { message: `${options.message} (${randomUUID().slice(0, 8)})`, ...(chatId ? { chatId } : {}) }),
      signal: AbortSignal.timeout(120_000),
    });
    status = response.status;
    if (!response.ok || !response.body) {
      await response.arrayBuffer().catch(() => undefined);
      recorder.record("chat: first token", started, status, false);
      recorder.record("chat: whole reply", started, status, false);
      return;
    }
    const decoder = new TextDecoder();
    let text = "";
    let sawDelta = false;
    for await (const chunk of response.body) {
      text += decoder.decode(chunk, { stream: true });
      if (!sawDelta && text.includes("event: delta")) {
        sawDelta = true;
        recorder.record("chat: first token", started, status, true);
      }
    }
    const done = /(^|\n)event: done\n/.test(text);
    if (!sawDelta) recorder.record("chat: first token", started, status, false);
    recorder.record("chat: whole reply", started, status, done);
    const meta = /event: meta\ndata: (.*)\n/.exec(text);
    if (meta && !chatId) {
      const id = (JSON.parse(meta[1]!) as { chatId?: string }).chatId;
      if (id) session.chatIds.push(id);
    }
  } catch {
    recorder.record("chat: first token", started, status, false);
    recorder.record("chat: whole reply", started, status, false);
  }
}

async function turn(options: Options, recorder: Recorder, session: Session): Promise<void> {
  await chat(options, recorder, session);
  await timed(recorder, "memory search", `${options.baseUrl}/api/memory/search`, json(session.token, { query: "high tide harbour" }));
  await timed(recorder, "list chats", `${options.baseUrl}/api/chats?limit=20`, json(session.token));
  const chatId = session.chatIds[Math.floor(Math.random() * session.chatIds.length)];
  if (chatId) await timed(recorder, "read chat", `${options.baseUrl}/api/chats/${chatId}`, json(session.token));
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });

/** A user's life: sign in, then turns until the run ends; a user who cannot sign in retries after a pause. */
async function virtualUser(options: Options, recorder: () => Recorder, index: number, stop: AbortSignal): Promise<void> {
  // Spread the starts over a second so a stage does not begin with one burst.
  await sleep(Math.random() * 1000, stop);
  let session: Session | null = null;
  while (!stop.aborted) {
    session ??= await signIn(options, recorder(), index);
    if (session) await turn(options, recorder(), session);
    // A user who could not sign in waits longer before trying again, rather than hammering the limit.
    await sleep(options.thinkMs * (session ? 0.5 + Math.random() : 5), stop);
  }
}

interface Summary {
  operation: Operation;
  count: number;
  failed: number;
  rateLimited: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function summarize(samples: Sample[]): Summary[] {
  return operations.flatMap((operation) => {
    const mine = samples.filter((sample) => sample.operation === operation);
    if (mine.length === 0) return [];
    const sorted = mine.filter((sample) => sample.ok).map((sample) => sample.ms).sort((a, b) => a - b);
    return [{
      operation,
      count: mine.length,
      failed: mine.filter((sample) => !sample.ok).length,
      rateLimited: mine.filter((sample) => sample.status === 429).length,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? Number.NaN,
    }];
  });
}

function printSummary(title: string, samples: Sample[], seconds: number): void {
  console.log(`\n${title}\n`);
  printTable(
    ["operation", { header: "requests", align: "right" }, { header: "per s", align: "right" }, { header: "failed", align: "right" }, { header: "of which 429", align: "right" },
      { header: "p50 ms", align: "right" }, { header: "p95 ms", align: "right" }, { header: "p99 ms", align: "right" }, { header: "max ms", align: "right" }],
    summarize(samples).map((row) => [row.operation, String(row.count), (row.count / seconds).toFixed(1), String(row.failed), String(row.rateLimited), formatMs(row.p50), formatMs(row.p95), formatMs(row.p99), formatMs(row.max)]),
  );
}

/** The requests made: a chat is one request, counted once (its first-token sample is a timing of the same request). */
const requestSamples = (samples: Sample[]) => samples.filter((sample) => sample.operation !== "chat: first token");

async function main(): Promise<number> {
  let options: Options;
  try {
    options = readOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return 64;
  }
  try {
    await assertLoadTestsAllowed(options.baseUrl);
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    console.error(`refusing to run: ${error.message}`);
    return 2;
  }
  console.log(`load test of ${options.baseUrl}: stages ${options.stages.join(", ")} users, ${options.stageMs / 1000} s each, ${options.thinkMs} ms between turns`);
  console.log(describeMachine());

  const stop = new AbortController();
  // Every sleeping user listens for the end of the run at once.
  setMaxListeners(0, stop.signal);
  const stageRecorders: Recorder[] = [];
  let current = new Recorder();
  const users: Promise<void>[] = [];
  const started = performance.now();
  for (const [stage, count] of options.stages.entries()) {
    current = new Recorder();
    stageRecorders.push(current);
    // Users of earlier stages keep going; the stage adds the rest (a lower count stops none).
    while (users.length < count) users.push(virtualUser(options, () => current, users.length + 1, stop.signal));
    await new Promise((resolve) => setTimeout(resolve, options.stageMs));
    console.log(`stage ${stage + 1} (${Math.max(count, users.length)} users) done: ${requestSamples(current.samples).length} requests`);
  }
  stop.abort();
  await Promise.all(users);
  const seconds = (performance.now() - started) / 1000;

  for (const [stage, recorder] of stageRecorders.entries()) printSummary(`Stage ${stage + 1}: ${options.stages[stage]} users`, recorder.samples, options.stageMs / 1000);
  const all = stageRecorders.flatMap((recorder) => recorder.samples);
  printSummary(`Whole run: ${seconds.toFixed(1)} s`, all, seconds);

  const requests = requestSamples(all);
  const failed = requests.filter((sample) => !sample.ok).length;
  const errorRate = requests.length === 0 ? 1 : failed / requests.length;
  const summaries = summarize(all);
  // Signing in happens once per user and hashes a password on purpose (slowly): shown, not held to --p95.
  const steady = summaries.filter((row) => !row.operation.startsWith("chat") && row.operation !== "sign in");
  const worstP95 = steady.length === 0 ? Number.NaN : Math.max(...steady.map((row) => (Number.isFinite(row.p95) ? row.p95 : Number.POSITIVE_INFINITY)));
  const firstTokenP95 = summaries.find((row) => row.operation === "chat: first token")?.p95 ?? Number.NaN;
  const checks = [
    { name: "requests made", threshold: "> 0", value: String(requests.length), holds: requests.length > 0 },
    { name: "error rate", threshold: `≤ ${formatPercent(options.maxErrorRate)}`, value: formatPercent(errorRate), holds: errorRate <= options.maxErrorRate },
    { name: "p95 of memory search, list and read chats (worst)", threshold: `≤ ${options.p95Ms} ms`, value: `${formatMs(worstP95)} ms`, holds: worstP95 <= options.p95Ms },
    { name: "chat: first token p95", threshold: `≤ ${options.firstTokenP95Ms} ms`, value: `${formatMs(firstTokenP95)} ms`, holds: firstTokenP95 <= options.firstTokenP95Ms },
  ];
  console.log("\nThresholds\n");
  printTable(["check", "threshold", { header: "measured", align: "right" }, "result"], checks.map((check) => [check.name, check.threshold, check.value, passOrFail(check.holds)]));
  const passed = checks.every((check) => check.holds);
  console.log(`\n${passed ? "PASS" : "FAIL"}: ${requests.length} requests, ${failed} failed`);
  return passed ? 0 : 1;
}

process.exitCode = await main();
