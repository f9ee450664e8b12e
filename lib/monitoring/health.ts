import "server-only";
import { isOpenAIConfigured } from "@/lib/ai/models";
import { getJobBacklog } from "@/lib/jobs/queue";
import type { JobBacklog } from "@/lib/jobs/types";
import { getEmbeddingProvider } from "@/lib/memory/embeddings/provider";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { logger } from "./logger";

type CheckStatus = "ok" | "down";
export type HealthStatus = "healthy" | "degraded" | "unhealthy";

export interface HealthReport {
  status: HealthStatus;
  version: string;
  uptimeSeconds: number;
  /** LOADTEST_ALLOWED: whether `npm run loadtest` may run against this deployment. */
  loadTestsAllowed: boolean;
  checks: {
    database: { status: CheckStatus; latencyMs: number };
    ai: { status: CheckStatus; provider: "openai" | "offline" };
    embeddings: { status: CheckStatus | "stuck"; model: string } & Partial<JobBacklog>;
  };
}

const databaseTimeoutMs = 1500;
/** Embedding work older than this, or any dead job, means memory is falling behind. */
const stuckAfterSeconds = 300;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

type Checks = HealthReport["checks"];

/** One statement, the embedding backlog's: that it answers is the database check. */
async function checkDatabaseAndEmbeddings(): Promise<[Checks["database"], Checks["embeddings"]]> {
  const model = getEmbeddingProvider().model;
  const started = performance.now();
  try {
    const backlog = await withTimeout(getJobBacklog("embed_message"), databaseTimeoutMs);
    const stuck = backlog.dead > 0 || (backlog.oldestPendingSeconds ?? 0) > stuckAfterSeconds;
    return [{ status: "ok", latencyMs: Math.round((performance.now() - started) * 10) / 10 }, { status: stuck ? "stuck" : "ok", model, ...backlog }];
  } catch (error) {
    logger.warn({ err: error }, "health: database check failed");
    return [{ status: "down", latencyMs: Math.round(performance.now() - started) }, { status: "down", model }];
  }
}

/**
 * A database still opening at start (lib/boot.ts does not hold up the server) is waited for, as
 * every request waits for it; the timeouts are for a database that is open and does not answer.
 */
async function isDatabaseOpen(): Promise<boolean> {
  try {
    await getDb();
    return true;
  } catch (error) {
    logger.warn({ err: error }, "health: the database could not be opened");
    return false;
  }
}

/** Answers within about 1.5 s of the database's opening even when it hangs; names no secret. */
export async function checkHealth(): Promise<HealthReport> {
  const [database, embeddings] = (await isDatabaseOpen())
    ? await checkDatabaseAndEmbeddings()
    : [{ status: "down" as const, latencyMs: 0 }, { status: "down" as const, model: getEmbeddingProvider().model }];
  const status: HealthStatus = database.status !== "ok" ? "unhealthy" : embeddings.status === "ok" ? "healthy" : "degraded";
  return {
    status,
    version: env().APP_VERSION,
    uptimeSeconds: Math.round(process.uptime()),
    loadTestsAllowed: env().LOADTEST_ALLOWED,
    checks: {
      database,
      ai: { status: "ok", provider: isOpenAIConfigured() ? "openai" : "offline" },
      embeddings,
    },
  };
}
