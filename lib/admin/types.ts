// Shapes of GET /api/admin/overview (API.md), shared by the server and the admin page.

import type { WebVitalName } from "@/lib/monitoring/web-vital-types";

export const overviewMinutesMin = 5;
export const overviewMinutesMax = 1440;
export const overviewMinutesDefault = 60;

export interface AdminOverview {
  /** The request figures' window: whole minutes from `from`, up to `to` (now). */
  window: { minutes: number; from: string; to: string };
  requests: {
    total: number;
    perMinute: number;
    /** 5xx answers over all answers; 0 when there were none. */
    errorRate: number;
    serverErrors: number;
    /** Null when there were no requests in the window. */
    latencyMs: { p50: number | null; p95: number | null; p99: number | null };
  };
  /** This UTC month, by requests then cost, at most 10. */
  topUsers: { userId: string; email: string; requests: number; costUsd: number }[];
  /** This UTC month's settled chat charges. */
  costByModel: { model: string; requests: number; inputTokens: number; outputTokens: number; costUsd: number }[];
  /** Every metric, over the last 7 days; p75 is null when none was reported. */
  webVitals: { name: WebVitalName; p75: number | null; count: number }[];
  recentAlerts: {
    id: string;
    rule: string;
    severity: "info" | "warning" | "critical";
    summary: string;
    firedAt: string;
    delivery: "pending" | "sent" | "failed" | "skipped";
    /** Set once an admin acknowledged it (PATCH /api/admin/alerts/:id); `clearedAt` once its condition was gone after that. */
    acknowledgedAt: string | null;
    clearedAt: string | null;
  }[];
  recentFeedback: AdminFeedback[];
}

export interface AdminFeedback {
  id: string;
  kind: "rating" | "vote";
  rating?: number;
  vote?: "up" | "down";
  comment: string | null;
  page?: string;
  createdAt: string;
  userId: string;
  email: string;
}
