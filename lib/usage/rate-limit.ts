import "server-only";
import { sql } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { withService } from "@/lib/db/transaction";

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  hits: number;
  limit: number;
  /** Seconds until the current window ends. */
  resetSeconds: number;
}

/** Counts one hit for each key in one transaction (fixed windows in Postgres, so every process agrees). */
export async function hitRateLimits(hits: { key: string; rule: RateLimitRule }[]): Promise<RateLimitResult[]> {
  return withService("auth.rate-limit", async (tx) => {
    const results: RateLimitResult[] = [];
    for (const { key, rule } of hits) {
      const rows = await tx.execute<{ hits: number; window_start: Date | string }>(
        sql`select hits, window_start from private.hit_rate_limit(${key}, ${rule.windowSeconds})`,
      );
      const row = rows.rows[0];
      if (!row) throw new Error("hit_rate_limit returned no row");
      const windowEnd = new Date(row.window_start).getTime() + rule.windowSeconds * 1000;
      results.push({
        allowed: row.hits <= rule.limit,
        hits: row.hits,
        limit: rule.limit,
        resetSeconds: Math.max(1, Math.ceil((windowEnd - Date.now()) / 1000)),
      });
    }
    return results;
  });
}

export function throwIfLimited(results: RateLimitResult[], publicMessage: string): void {
  const blocked = results.filter((result) => !result.allowed);
  if (blocked.length === 0) return;
  const retryAfterSeconds = Math.max(...blocked.map((result) => result.resetSeconds));
  throw new AppError("rate_limited", publicMessage, { publicMessage, retryAfterSeconds });
}
