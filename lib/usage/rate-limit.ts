import "server-only";
import { sql } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { Transaction } from "@/lib/db/client";
import { withService, withServiceStatement } from "@/lib/db/transaction";

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  key: string;
  /** The fixed window this hit counted in (ISO 8601). */
  windowStart: string;
  allowed: boolean;
  hits: number;
  limit: number;
  /** Seconds until the current window ends. */
  resetSeconds: number;
}

type Hit = { key: string; rule: RateLimitRule };

/**
 * No rule may count over a longer window (sign-ups, per hour, are the longest), so windows that
 * started before it are over for every rule and can be pruned. Raise it with a longer rule.
 */
export const longestRateLimitWindowSeconds = 60 * 60;

async function countHits(tx: Transaction, hits: Hit[]): Promise<RateLimitResult[]> {
  const results: RateLimitResult[] = [];
  for (const { key, rule } of hits) {
    if (rule.windowSeconds > longestRateLimitWindowSeconds) {
      throw new Error(`the rate limit ${key} counts over ${rule.windowSeconds} s, longer than the longest window pruning keeps (${longestRateLimitWindowSeconds} s)`);
    }
    const rows = await tx.execute<{ hits: number; window_start: Date | string }>(
      sql`select hits, window_start from private.hit_rate_limit(${key}, ${rule.windowSeconds})`,
    );
    const row = rows.rows[0];
    if (!row) throw new Error("hit_rate_limit returned no row");
    const windowStart = new Date(row.window_start);
    const windowEnd = windowStart.getTime() + rule.windowSeconds * 1000;
    results.push({
      key,
      windowStart: windowStart.toISOString(),
      allowed: row.hits <= rule.limit,
      hits: row.hits,
      limit: rule.limit,
      resetSeconds: Math.max(1, Math.ceil((windowEnd - Date.now()) / 1000)),
    });
  }
  return results;
}

/** Counts one hit for each key in one transaction (fixed windows in Postgres, so every process agrees). */
export async function hitRateLimits(hits: Hit[]): Promise<RateLimitResult[]> {
  return withService("auth.rate-limit", (tx) => countHits(tx, hits));
}

class Refused extends Error {
  constructor(readonly results: RateLimitResult[]) {
    super("rate limited");
  }
}

/**
 * Counts one attempt on every key, only if each of them is still under its limit: a refused
 * attempt counts nowhere (its transaction is rolled back), so hammering one limit cannot fill the
 * others. The upserts hold their rows until commit, so racing attempts never admit more than the
 * limit. Pair with `refundRateLimits` to count only the attempts that failed.
 */
export async function takeRateLimits(hits: Hit[]): Promise<RateLimitResult[]> {
  try {
    return await withService("auth.rate-limit", async (tx) => {
      const results = await countHits(tx, hits);
      if (results.some((result) => !result.allowed)) throw new Refused(results);
      return results;
    });
  } catch (error) {
    if (error instanceof Refused) return error.results;
    throw error;
  }
}

/** Gives taken attempts back, in the windows they were counted in. */
export async function refundRateLimits(taken: RateLimitResult[]): Promise<void> {
  if (taken.length === 0) return;
  await withService("auth.rate-limit", async (tx) => {
    for (const { key, windowStart } of taken) {
      await tx.execute(
        sql`update private.rate_limit_windows set hits = greatest(hits - 1, 0) where key = ${key} and window_start = ${windowStart}::timestamptz`,
      );
    }
  });
}

/**
 * Deletes windows older than the longest rule's, a bounded batch at a time (short statements, no
 * long lock), at most `maxBatches` per call; rows another process is deleting are skipped. For the
 * maintenance job. Answers how many went.
 */
export async function pruneRateLimitWindows({ batchSize = 5000, maxBatches = 20 }: { batchSize?: number; maxBatches?: number } = {}): Promise<number> {
  let pruned = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const result = await withServiceStatement("usage.rate-limit-prune", (db) =>
      db.execute(sql`
        delete from private.rate_limit_windows
        where (key, window_start) in (
          select key, window_start from private.rate_limit_windows
          where window_start < now() - make_interval(secs => ${longestRateLimitWindowSeconds})
          limit ${batchSize}
          for update skip locked
        )`),
    );
    const deleted = result.affectedRows ?? 0;
    pruned += deleted;
    if (deleted < batchSize) break;
  }
  return pruned;
}

export function throwIfLimited(results: RateLimitResult[], publicMessage: string): void {
  const blocked = results.filter((result) => !result.allowed);
  if (blocked.length === 0) return;
  const retryAfterSeconds = Math.max(...blocked.map((result) => result.resetSeconds));
  throw new AppError("rate_limited", publicMessage, { publicMessage, retryAfterSeconds });
}
