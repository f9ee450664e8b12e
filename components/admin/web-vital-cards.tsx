import type { AdminOverview } from "@/lib/admin/types";
import { rateWebVital } from "@/lib/admin/web-vital-rating";
import { cn } from "@/lib/client/cn";
import type { WebVitalRating } from "@/lib/monitoring/web-vital-types";
import { formatCount } from "./admin-section";

const ratingStyle: Record<WebVitalRating, { label: string; className: string }> = {
  good: { label: "Good", className: "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300" },
  "needs-improvement": { label: "Needs improvement", className: "bg-amber-50 text-amber-800 dark:bg-amber-950 dark:text-amber-300" },
  poor: { label: "Poor", className: "bg-danger-soft text-danger" },
};

const formatVital = (name: string, value: number) => (name === "CLS" ? value.toFixed(3) : `${formatCount(value)} ms`);

/** The 75th percentile of each web vital, coloured by web.dev's thresholds. */
export function WebVitalCards({ vitals }: { vitals: AdminOverview["webVitals"] }) {
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5" data-testid="web-vitals">
      {vitals.map((vital) => {
        const rating = vital.p75 === null ? null : ratingStyle[rateWebVital(vital.name, vital.p75)];
        return (
          <div key={vital.name} className="flex flex-col gap-1 rounded-xl border border-line p-3">
            <dt className="text-xs text-text-muted">{vital.name} p75</dt>
            <dd className="text-xl font-semibold tabular-nums">{vital.p75 === null ? "—" : formatVital(vital.name, vital.p75)}</dd>
            <dd className="flex flex-wrap items-center gap-2 text-xs text-text-muted">
              {rating ? (
                <span className={cn("rounded-full px-2 py-0.5 font-medium", rating.className)}>{rating.label}</span>
              ) : (
                <span>No reports</span>
              )}
              {vital.count > 0 && <span>{formatCount(vital.count)} {vital.count === 1 ? "report" : "reports"}</span>}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
