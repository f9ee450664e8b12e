import "server-only";
import { sql } from "drizzle-orm";
import { withService } from "@/lib/db/transaction";
import { durationBoundsMs, quantileFromBuckets } from "./request-stats";

/**
 * The hourly rollup of the per-minute request figures, kept six weeks for the weekly report (the
 * minute rows go after seven days). Each run recomputes every hour from the last one rolled up
 * (the minute rows of that hour may have grown since) through the current one, replacing the
 * rows, so it may run any number of times from any number of processes.
 */
export async function rollUpRequestStatsHourly(): Promise<void> {
  await withService("monitoring.request-stats", (tx) =>
    tx.execute(sql`
      with since as (
        select greatest(
          coalesce((select max(hour) from private.request_stats_hourly), '-infinity'::timestamptz),
          date_trunc('hour', now() - interval '7 days', 'UTC')
        ) as hour
      ),
      buckets as (
        select date_trunc('hour', s.minute, 'UTC') as hour, s.route, s.status_class, b.position, sum(b.count)::bigint as count
        from private.request_stats s, unnest(s.duration_buckets) with ordinality as b(count, position)
        where s.minute >= (select hour from since)
        group by 1, 2, 3, 4
      ),
      totals as (
        select date_trunc('hour', minute, 'UTC') as hour, route, status_class,
          sum(requests)::bigint as requests, sum(duration_ms_sum) as duration_ms_sum
        from private.request_stats
        where minute >= (select hour from since)
        group by 1, 2, 3
      )
      insert into private.request_stats_hourly as h (hour, route, status_class, requests, duration_ms_sum, duration_buckets)
      select t.hour, t.route, t.status_class, t.requests, t.duration_ms_sum,
        (select array_agg(b.count order by b.position) from buckets b
         where b.hour = t.hour and b.route = t.route and b.status_class = t.status_class)
      from totals t
      on conflict (hour, route, status_class) do update set
        requests = excluded.requests,
        duration_ms_sum = excluded.duration_ms_sum,
        duration_buckets = excluded.duration_buckets`),
  );
}

/** Six weeks: the weekly report sets a week beside the one before, for any of the last five. */
export async function pruneRequestStatsHourly(): Promise<void> {
  await withService("monitoring.request-stats", (tx) =>
    tx.execute(sql`delete from private.request_stats_hourly where hour < now() - interval '42 days'`),
  );
}

export interface PeriodRequestSummary {
  requests: number;
  serverErrors: number;
  /** 5xx answers over all answers; 0 when there were none. */
  errorRate: number;
  /** Estimated from the latency buckets; null without requests. */
  p95Ms: number | null;
}

/** The service's API figures over [from, to), whole hours, from the hourly rollup. `excludeRoutes` as for the alert rules. */
export async function getRequestSummaryBetween(
  { from, to, excludeRoutes = [] }: { from: Date; to: Date; excludeRoutes?: string[] },
): Promise<PeriodRequestSummary> {
  const inPeriod = sql`hour >= ${from.toISOString()}::timestamptz and hour < ${to.toISOString()}::timestamptz`;
  const excluded = sql`route <> all(${`{${excludeRoutes.join(",")}}`}::text[])`;
  const { byStatus, perBucket } = await withService("monitoring.request-stats", async (tx) => ({
    byStatus: await tx.execute<{ status_class: string; requests: number }>(sql`
      select status_class, sum(requests)::bigint as requests from private.request_stats_hourly
      where ${inPeriod} group by status_class`),
    perBucket: await tx.execute<{ position: number; total: number }>(sql`
      select b.position, sum(b.count)::bigint as total
      from private.request_stats_hourly, unnest(duration_buckets) with ordinality as b(count, position)
      where ${inPeriod} and ${excluded} group by b.position`),
  }));
  const buckets = new Array<number>(durationBoundsMs.length + 1).fill(0);
  for (const row of perBucket.rows) buckets[row.position - 1] = Number(row.total);
  const requests = byStatus.rows.reduce((sum, row) => sum + Number(row.requests), 0);
  const serverErrors = Number(byStatus.rows.find((row) => row.status_class === "5xx")?.requests ?? 0);
  return {
    requests,
    serverErrors,
    errorRate: requests === 0 ? 0 : Math.round((serverErrors / requests) * 10_000) / 10_000,
    p95Ms: quantileFromBuckets(buckets, 0.95),
  };
}
