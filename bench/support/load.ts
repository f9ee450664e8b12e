import autocannon from "autocannon";
import { percentile } from "./report";

export interface LoadTarget {
  url: string;
  method?: "GET" | "POST" | "PATCH" | "DELETE";
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  connections: number;
  /** Measured seconds per target, split over `rounds`. */
  seconds: number;
  /** Targets take turns this many times, so a change in the machine's load falls on all of them alike. */
  rounds?: number;
  /** Unmeasured seconds per target first: compiled routes, open connections, warm caches. */
  warmupSeconds?: number;
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Answers other than 2xx, and connection errors and timeouts. */
  failures: number;
}

interface Sample {
  latencies: number[];
  failures: number;
  seconds: number;
}

/** Keep-alive connections sending back to back for `seconds`; every latency kept, in ms. */
async function sample(target: LoadTarget, connections: number, seconds: number): Promise<Sample> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: target.url, method: target.method ?? "GET", headers: target.headers, body: target.body, connections, duration: seconds },
      (error: unknown, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => void latencies.push(responseTime));
  });
  return { latencies, failures: result.non2xx + result.errors + result.timeouts, seconds: result.duration };
}

function summarize({ latencies, failures, seconds }: Sample): LoadResult {
  const sorted = latencies.sort((a, b) => a - b);
  return { requests: sorted.length, requestsPerSecond: sorted.length / seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99), failures };
}

/** One target under load; see `compareLoad` to measure it beside another. */
export async function measureLoad(target: LoadTarget, options: LoadOptions): Promise<LoadResult> {
  return (await compareLoad({ target }, options)).target;
}

/**
 * Several targets under the same load, taking turns round by round (a, b, a, b, …) rather than one
 * after the other, so the figures of a noisy machine are compared across the same stretch of time.
 */
export async function compareLoad<Name extends string>(targets: Record<Name, LoadTarget>, options: LoadOptions): Promise<Record<Name, LoadResult>> {
  const names = Object.keys(targets) as Name[];
  const rounds = options.rounds ?? 3;
  if (options.warmupSeconds) for (const name of names) await sample(targets[name], options.connections, options.warmupSeconds);
  const totals = Object.fromEntries(names.map((name) => [name, { latencies: [], failures: 0, seconds: 0 } as Sample])) as Record<Name, Sample>;
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const { latencies, failures, seconds } = await sample(targets[name], options.connections, options.seconds / rounds);
      for (const latency of latencies) totals[name].latencies.push(latency);
      totals[name].failures += failures;
      totals[name].seconds += seconds;
    }
  }
  return Object.fromEntries(names.map((name) => [name, summarize(totals[name])])) as Record<Name, LoadResult>;
}
