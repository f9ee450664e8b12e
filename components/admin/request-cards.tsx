import type { AdminOverview } from "@/lib/admin/types";
import { cn } from "@/lib/client/cn";
import { formatCount } from "./admin-section";

const formatMs = (value: number | null) => (value === null ? "—" : `${formatCount(Math.round(value))} ms`);

function Card({ term, value, detail, isAlarming = false, className }: { term: string; value: string; detail?: string; isAlarming?: boolean; className?: string }) {
  return (
    <div className={cn("rounded-xl border border-line p-3", className)}>
      <dt className="text-xs text-text-muted">{term}</dt>
      <dd className={cn("text-xl font-semibold tabular-nums", isAlarming && "text-danger")}>{value}</dd>
      {detail && <dd className="mt-0.5 text-xs text-text-muted">{detail}</dd>}
    </div>
  );
}

/** Request rate, error rate and latency percentiles of the window, from every process's rollup. */
export function RequestCards({ requests }: { requests: AdminOverview["requests"] }) {
  const { latencyMs } = requests;
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5" data-testid="request-cards">
      <Card
        term="Requests / min"
        value={requests.perMinute.toLocaleString("en-US")}
        detail={`${formatCount(requests.total)} in all`}
        className="max-sm:col-span-2"
      />
      <Card
        term="Error rate"
        value={`${(requests.errorRate * 100).toFixed(requests.errorRate === 0 ? 0 : 2)} %`}
        detail={`${formatCount(requests.serverErrors)} server errors`}
        isAlarming={requests.errorRate >= 0.01}
      />
      <Card term="p50 latency" value={formatMs(latencyMs.p50)} />
      <Card term="p95 latency" value={formatMs(latencyMs.p95)} />
      <Card term="p99 latency" value={formatMs(latencyMs.p99)} />
    </dl>
  );
}
