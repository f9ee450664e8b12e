export const alertRules = ["user_budget", "daily_cost", "error_rate", "latency_p95", "health"] as const;
export type AlertRule = (typeof alertRules)[number];
export type AlertSeverity = "info" | "warning" | "critical";

/** A rule's finding, before the cooldown decides whether it fires. */
export interface AlertCandidate {
  rule: AlertRule;
  /** What the cooldown is keyed on. */
  key: string;
  severity: AlertSeverity;
  summary: string;
  details: Record<string, string | number | null>;
  userId: string | null;
  /** `once`: the key names its period (a month, a day), so it fires once ever; else the cooldown applies. */
  repeat: "once" | "after-cooldown";
}

export interface FiredAlert {
  id: string | null;
  rule: AlertRule;
  severity: AlertSeverity;
  summary: string;
  details: AlertCandidate["details"];
  firedAt: string;
  delivery: "sent" | "failed" | "skipped";
}

/** An alert as PATCH /api/admin/alerts/:id answers it. */
export interface AcknowledgedAlert {
  id: string;
  rule: string;
  severity: AlertSeverity;
  summary: string;
  firedAt: string;
  delivery: "pending" | "sent" | "failed" | "skipped";
  acknowledged: true;
  acknowledgedAt: string;
  acknowledgedBy: string | null;
  /** When the condition was found gone after the acknowledgement; null while it holds. */
  clearedAt: string | null;
}
