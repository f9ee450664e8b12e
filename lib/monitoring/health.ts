import "server-only";
import { isOpenAIConfigured } from "@/lib/ai/models";
import { getJobBacklogs } from "@/lib/jobs/queue";
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
    /** Indexing of uploaded documents, on the same queue. */
    documents: { status: CheckStatus | "stuck" } & Partial<JobBacklog>;
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

const isStuck = (backlog: JobBacklog) => backlog.dead > 0 || (backlog.oldestPendingSeconds ?? 0) > stuckAfterSeconds;

/** One statement, the job backlogs': that it answers is the database check. */
async function checkDatabaseAndJobs(): Promise<[Checks["database"], Checks["embeddings"], Checks["documents"]]> {
  const model = getEmbeddingProvider().model;
  const started = performance.now();
  try {
    const backlogs = await withTimeout(getJobBacklogs(["embed_message", "index_document"]), databaseTimeoutMs);
    const embeddings = backlogs.embed_message;
    const documents = backlogs.index_document;
    return [
      { status: "ok", latencyMs: Math.round((performance.now() - started) * 10) / 10 },
      { status: isStuck(embeddings) ? "stuck" : "ok", model, ...embeddings },
      { status: isStuck(documents) ? "stuck" : "ok", ...documents },
    ];
  } catch (error) {
    logger.warn({ err: error }, "health: database check failed");
    return [{ status: "down", latencyMs: Math.round(performance.now() - started) }, { status: "down", model }, { status: "down" }];
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
  const [database, embeddings, documents] = (await isDatabaseOpen())
    ? await checkDatabaseAndJobs()
    : [{ status: "down" as const, latencyMs: 0 }, { status: "down" as const, model: getEmbeddingProvider().model }, { status: "down" as const }];
  const status: HealthStatus =
    database.status !== "ok" ? "unhealthy" : embeddings.status === "ok" && documents.status === "ok" ? "healthy" : "degraded";
  return {
    status,
    version: env().APP_VERSION,
    uptimeSeconds: Math.round(process.uptime()),
    loadTestsAllowed: env().LOADTEST_ALLOWED,
    checks: {
      database,
      ai: { status: "ok", provider: isOpenAIConfigured() ? "openai" : "offline" },
      embeddings,
      documents,
    },
  };
}
