import "server-only";
import { sql } from "drizzle-orm";
import { withService } from "@/lib/db/transaction";
import { logger } from "./logger";
import { statusClass } from "./metrics";

/**
 * Per-minute request figures shared by every app process through the database, for the alert
 * rules and the admin overview. Prometheus metrics are per process; on Vercel each function
 * instance has its own, so rules that must see the whole service read this rollup instead.
 *
 * Requests are added up in memory and flushed every few seconds, off the request path. On a
 * serverless platform an instance frozen or recycled before its next flush loses those seconds:
 * the figures are for alerting and the overview, not billing (the usage ledger is exact).
 */

/** Upper bounds (ms) of the latency buckets; one more bucket counts everything slower. */
export const durationBoundsMs = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000] as const;

interface Pending {
  minute: string;
  route: string;
  statusClass: string;
  requests: number;
  durationMsSum: number;
  buckets: number[];
}

const flushEveryMs = 5000;
const globalKey = Symbol.for("mneme.request-stats");
type Store = { pending: Map<string, Pending>; timer?: NodeJS.Timeout };
const holder = globalThis as typeof globalThis & { [globalKey]?: Store };
const store = (): Store => (holder[globalKey] ??= { pending: new Map() });

function bucketIndex(ms: number): number {
  const index = durationBoundsMs.findIndex((bound) => ms <= bound);
  return index === -1 ? durationBoundsMs.length : index;
}

/** Adds one answered request to this process's pending figures (no I/O). */
export function addRequestStat({ route, status, ms, at = new Date() }: { route: string; status: number; ms: number; at?: Date }): void {
  const minute = new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString();
  const status_ = statusClass(status);
  const key = `${minute} ${route} ${status_}`;
  const { pending } = store();
  let entry = pending.get(key);
  if (!entry) {
    entry = { minute, route, statusClass: status_, requests: 0, durationMsSum: 0, buckets: new Array(durationBoundsMs.length + 1).fill(0) };
    pending.set(key, entry);
  }
  entry.requests += 1;
  entry.durationMsSum += ms;
  entry.buckets[bucketIndex(ms)]! += 1;
  scheduleFlush();
}

function scheduleFlush(): void {
  const state = store();
  if (state.timer) return;
  state.timer = setTimeout(() => {
    state.timer = undefined;
    void flushRequestStats().catch((error: unknown) => logger.warn({ err: error }, "request stats: flush failed; will retry"));
  }, flushEveryMs);
  state.timer.unref();
}

/** Writes the pending figures; on failure they stay pending for the next flush. */
export async function flushRequestStats(): Promise<void> {
  const state = store();
  if (state.pending.size === 0) return;
  // In key order, so two processes flushing the same rows lock them in the same order (no deadlock).
  const entries = [...state.pending.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, entry]) => entry);
  state.pending.clear();
  try {
    await withService("monitoring.request-stats", async (tx) => {
      for (const entry of entries) {
        await tx.execute(sql`select private.add_request_stats(
          ${entry.minute}::timestamptz, ${entry.route}, ${entry.statusClass}, ${entry.requests},
          ${entry.durationMsSum}, ${`{${entry.buckets.join(",")}}`}::bigint[])`);
      }
    });
  } catch (error) {
    for (const entry of entries) mergeBack(state.pending, entry);
    scheduleFlush();
    throw error;
  }
}

function mergeBack(pending: Map<string, Pending>, entry: Pending): void {
  const key = `${entry.minute} ${entry.route} ${entry.statusClass}`;
  const current = pending.get(key);
  if (!current) return void pending.set(key, entry);
  current.requests += entry.requests;
  current.durationMsSum += entry.durationMsSum;
  entry.buckets.forEach((count, index) => (current.buckets[index]! += count));
}

export interface RequestSummary {
  windowMinutes: number;
  requests: number;
  serverErrors: number;
  /** 5xx answers over all answers; 0 when there were none. */
  errorRate: number;
  requestsPerMinute: number;
  /** Estimated from the buckets (linear within a bucket); null when there were no requests. */
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
}

/** Estimates a quantile from bucket counts, interpolating linearly inside the bucket it falls in. */
export function quantileFromBuckets(buckets: number[], q: number): number | null {
  const total = buckets.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let index = 0; index < buckets.length; index++) {
    const count = buckets[index]!;
    if (count > 0 && seen + count >= rank) {
      const lower = index === 0 ? 0 : durationBoundsMs[index - 1]!;
      // The open last bucket has no upper bound: report its lower bound.
      if (index >= durationBoundsMs.length) return lower;
      const upper = durationBoundsMs[index]!;
      return Math.round((lower + ((rank - seen) / count) * (upper - lower)) * 10) / 10;
    }
    seen += count;
  }
  return durationBoundsMs.at(-1)!;
}

/**
 * The service's figures over the last `windowMinutes` whole and current minutes, from every
 * process's flushed rollup. `excludeRoutes` leaves out routes whose duration means something else
 * (the chat stream's time to headers).
 */
export async function getRequestSummary({ windowMinutes, excludeRoutes = [] }: { windowMinutes: number; excludeRoutes?: string[] }): Promise<RequestSummary> {
  const inWindow = sql`minute >= date_trunc('minute', now()) - make_interval(mins => ${windowMinutes - 1})
    and route <> all(${`{${excludeRoutes.join(",")}}`}::text[])`;
  const { byStatus, perBucket } = await withService("monitoring.request-stats", async (tx) => ({
    byStatus: await tx.execute<{ status_class: string; requests: number }>(sql`
      select status_class, sum(requests)::bigint as requests from private.request_stats
      where ${inWindow} group by status_class`),
    perBucket: await tx.execute<{ position: number; total: number }>(sql`
      select b.position, sum(b.count)::bigint as total
      from private.request_stats, unnest(duration_buckets) with ordinality as b(count, position)
      where ${inWindow} group by b.position`),
  }));
  const buckets = new Array<number>(durationBoundsMs.length + 1).fill(0);
  for (const row of perBucket.rows) buckets[row.position - 1] = row.total;
  const requests = byStatus.rows.reduce((sum, row) => sum + row.requests, 0);
  const serverErrors = byStatus.rows.find((row) => row.status_class === "5xx")?.requests ?? 0;
  return {
    windowMinutes,
    requests,
    serverErrors,
    errorRate: requests === 0 ? 0 : Math.round((serverErrors / requests) * 10_000) / 10_000,
    requestsPerMinute: Math.round((requests / windowMinutes) * 100) / 100,
    latencyMs: { p50: quantileFromBuckets(buckets, 0.5), p95: quantileFromBuckets(buckets, 0.95), p99: quantileFromBuckets(buckets, 0.99) },
  };
}

/** Rollup rows older than a week are no longer read by anything. */
export async function pruneRequestStats(): Promise<void> {
  await withService("monitoring.request-stats", (tx) =>
    tx.execute(sql`delete from private.request_stats where minute < now() - interval '7 days'`),
  );
}
