// Shapes of GET /api/admin/reports/weekly (API.md), shared by the server and the reports page.

/** One figure set for the report's week and the same for the week before. */
export interface Compared<T> {
  current: T;
  previous: T;
}

export interface ReportSpend {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface WeeklyReport {
  week: { id: string; from: string; to: string };
  previousWeek: { id: string; from: string; to: string };
  /** Settled replies, their tokens and cost, over every model. */
  totals: Compared<ReportSpend>;
  spendByModel: ({ model: string } & Compared<ReportSpend>)[];
  /** By each person's plan today. */
  spendByPlan: ({ plan: string } & Compared<ReportSpend & { users: number }>)[];
  /** This week's ten dearest people, beside what the same people spent the week before. */
  topUsers: ({ userId: string; email: string } & Compared<ReportSpend>)[];
  /** API requests from the hourly rollup; p95 leaves out the chat stream, as the latency alert does. */
  requests: Compared<{ total: number; serverErrors: number; errorRate: number; p95Ms: number | null }>;
  feedback: Compared<{ ratings: number; averageRating: number | null; upVotes: number; downVotes: number }>;
}
