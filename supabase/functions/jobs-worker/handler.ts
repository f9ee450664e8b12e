import { getSql, jobsDatabase, type Sql } from "../_shared/db.ts";
import { embedMessageJobs } from "../_shared/embed-message-jobs.ts";
import { createEmbeddingProvider, type EmbeddingConfig, type EmbeddingProvider } from "../_shared/embeddings.ts";
import { runJobBatch } from "../_shared/job-queue.ts";
import type { Job } from "../_shared/job-types.ts";

export interface WorkerConfig {
  /** JOBS_WORKER_SECRET: pg_cron and the insert trigger send it as a bearer token. Unset: nobody gets in. */
  secret?: string;
  sql: () => Sql;
  embeddings: EmbeddingConfig;
  batchSize: number;
  /** JOBS_RETRY_BASE_MS: first retry delay, doubled on each further attempt. */
  retryBaseMs: number;
  /** Stop claiming new batches after this long, well inside the platform's wall-clock limit. */
  timeBudgetMs: number;
  /** APP_URL and CRON_SECRET: on the scheduled call, also run the app's alert rules (GET /api/cron/alerts). */
  alerts?: { appUrl: string; cronSecret: string };
}

const env = (name: string) => Deno.env.get(name) || undefined;

function positiveInteger(name: string, fallback: number): number {
  const value = Number(env(name) ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

export function configFromEnv(): WorkerConfig {
  const appUrl = env("APP_URL");
  const cronSecret = env("CRON_SECRET");
  return {
    secret: env("JOBS_WORKER_SECRET"),
    sql: getSql,
    embeddings: { model: env("EMBEDDINGS_MODEL"), apiKey: env("OPENAI_API_KEY"), baseURL: env("OPENAI_BASE_URL") },
    batchSize: positiveInteger("JOBS_BATCH_SIZE", 32),
    retryBaseMs: positiveInteger("JOBS_RETRY_BASE_MS", 2000),
    timeBudgetMs: positiveInteger("JOBS_TIME_BUDGET_MS", 50_000),
    alerts: appUrl && cronSecret ? { appUrl, cronSecret } : undefined,
  };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

const errorResponse = (status: number, code: string, message: string) =>
  json({ error: { code, message, requestId: crypto.randomUUID() } }, status);

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/** Compares digests in constant time, so the answer's timing says nothing about the secret. */
async function hasBearerToken(request: Request, secret: string): Promise<boolean> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer (.+)$/.exec(header);
  if (!match) return false;
  const [given, expected] = await Promise.all([digest(match[1]!), digest(secret)]);
  let difference = 0;
  for (let index = 0; index < expected.length; index++) difference |= given[index]! ^ expected[index]!;
  return difference === 0;
}

/** pg_cron sends `{ "trigger": "cron" }`; the insert trigger sends `{ "trigger": "insert" }`. Anything else counts as a wake-up. */
async function readTrigger(request: Request): Promise<string> {
  try {
    const body = (await request.json()) as { trigger?: unknown } | null;
    return typeof body?.trigger === "string" ? body.trigger : "unknown";
  } catch {
    return "unknown";
  }
}

async function runAlerts({ appUrl, cronSecret }: { appUrl: string; cronSecret: string }) {
  try {
    const response = await fetch(new URL("/api/cron/alerts", appUrl), {
      headers: { authorization: `Bearer ${cronSecret}` },
      signal: AbortSignal.timeout(20_000),
    });
    await response.body?.cancel();
    return { status: response.status };
  } catch (error) {
    return { status: 0, error: (error as Error).message };
  }
}

/**
 * The production worker for the jobs table, as a web-standard handler: claims batches of
 * `embed_message` jobs until the queue is drained or the time budget is spent, and answers
 * `{ claimed, done, failed }`. A failing batch goes back to the queue with backoff and ends the
 * run: the next call retries once the backoff has passed.
 */
export function createHandler(getConfig: () => WorkerConfig = configFromEnv): (request: Request) => Promise<Response> {
  let config: WorkerConfig | undefined;
  let provider: EmbeddingProvider | undefined;
  return async (request) => {
    try {
      config ??= getConfig();
    } catch (error) {
      console.error(JSON.stringify({ msg: "jobs-worker misconfigured", err: (error as Error).message }));
      return errorResponse(500, "internal", "The worker is misconfigured; see its logs.");
    }
    if (request.method !== "POST") return errorResponse(405, "method_not_allowed", "Use POST.");
    if (!config.secret || !(await hasBearerToken(request, config.secret))) {
      return errorResponse(401, "unauthorized", "Bad or missing worker secret.");
    }
    const trigger = await readTrigger(request);
    const started = Date.now();
    const totals = { claimed: 0, done: 0, failed: 0 };
    // The app counts these in embeddings_generated_total; here they go to the log line.
    let embedded = 0;
    let crashed = false;
    try {
      const embeddings = (provider ??= createEmbeddingProvider(config.embeddings));
      const db = jobsDatabase(config.sql());
      const embed = async (jobs: Job[]) => {
        const result = await embedMessageJobs(db, jobs, embeddings);
        embedded += result.embedded;
        return result.jobIds.length;
      };
      while (Date.now() - started < config.timeBudgetMs) {
        const batch = await runJobBatch(db, { kind: "embed_message", limit: config.batchSize, retryBaseMs: config.retryBaseMs }, embed);
        totals.claimed += batch.claimed;
        totals.done += batch.done;
        totals.failed += batch.failed;
        if (batch.error) console.warn(JSON.stringify({ msg: "embedding batch failed; will retry", jobs: batch.failed, err: batch.error }));
        if (batch.failed > 0 || batch.claimed < config.batchSize) break;
      }
    } catch (error) {
      // Jobs claimed before the crash are claimable again once their lease runs out.
      crashed = true;
      console.error(JSON.stringify({ msg: "jobs-worker crashed", err: (error as Error).message, ...totals, embedded }));
    }
    // Even when the database is down: that is when the app's health alert matters.
    const alerts = trigger === "cron" && config.alerts ? await runAlerts(config.alerts) : undefined;
    if (crashed) return errorResponse(500, "internal", "The worker failed; its jobs will be retried.");
    console.log(JSON.stringify({ msg: "jobs-worker ran", trigger, ms: Date.now() - started, ...totals, embedded, alerts }));
    return json(alerts ? { ...totals, alerts } : totals);
  };
}

export const handler = createHandler();
