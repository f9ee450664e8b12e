// The alert thresholds admins may change in /admin (GET/PATCH /api/admin/alert-thresholds), shared by the server and the page.

export const alertThresholdNames = ["dailyCostUsd", "errorRatePercent", "p95LatencyMs", "minRequests", "cooldownMinutes"] as const;
export type AlertThresholdName = (typeof alertThresholdNames)[number];

/** Bounds and labels; the environment variable (when there is one) gives the default. */
export const alertThresholdSpecs: Record<AlertThresholdName, { label: string; unit: string; min: number; max: number; integer: boolean; envName: string | null }> = {
  dailyCostUsd: { label: "Daily model spend", unit: "USD", min: 0, max: 10_000_000, integer: false, envName: "ALERT_DAILY_COST_USD" },
  errorRatePercent: { label: "Error rate (5 minutes)", unit: "%", min: 0.1, max: 100, integer: false, envName: null },
  p95LatencyMs: { label: "p95 latency (5 minutes)", unit: "ms", min: 10, max: 600_000, integer: true, envName: "ALERT_P95_LATENCY_MS" },
  minRequests: { label: "Fewest requests to judge rate and latency", unit: "requests", min: 1, max: 1_000_000, integer: true, envName: "ALERT_MIN_REQUESTS" },
  cooldownMinutes: { label: "Cooldown before a rule pages again", unit: "min", min: 1, max: 10_080, integer: true, envName: "ALERT_COOLDOWN_MINUTES" },
};

export type AlertThresholds = Record<AlertThresholdName, number>;

export interface AlertThresholdSetting {
  name: AlertThresholdName;
  label: string;
  unit: string;
  min: number;
  max: number;
  integer: boolean;
  value: number;
  /** What applies without an admin's value: the environment variable, or the built-in default. */
  defaultValue: number;
  envName: string | null;
  /** Null while the default applies. */
  updatedAt: string | null;
  updatedBy: string | null;
}
